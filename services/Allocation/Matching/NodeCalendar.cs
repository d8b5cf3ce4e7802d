namespace Marketplace.Allocation.Matching;

/// <summary>
/// Nodes in use on one cluster, hour by hour, from the cluster's first usable hour on. Hours past the end of the
/// array are unused, so the array only grows as far as bookings and placements actually reach.
/// </summary>
/// <remarks>
/// Each block of 32 hours keeps its minimum and maximum so a search skips a block that is wholly free or wholly
/// full for the nodes asked, instead of walking it hour by hour: free windows over weeks cost a few steps.
/// </remarks>
internal sealed class NodeCalendar(int firstHour, int endHour)
{
    private const int BlockShift = 5;
    private const int BlockSize = 1 << BlockShift;

    private int[] _used = [];
    private int[] _blockMax = [];
    private int[] _blockMin = [];

    /// <summary>Adds <paramref name="nodes"/> (negative to remove) over the hours [from, to), clipped to the calendar.</summary>
    public void Add(int from, int to, int nodes)
    {
        var start = Math.Max(from, firstHour) - firstHour;
        var end = Math.Min(to, endHour) - firstHour;
        if (end <= start || nodes == 0) return;
        EnsureLength(end);
        for (var h = start; h < end; h++) _used[h] += nodes;
        for (var block = start >> BlockShift; block <= (end - 1) >> BlockShift; block++) Summarize(block);
    }

    /// <summary>
    /// The earliest start in [lo, hi] such that every hour of [start, start + duration) has at most
    /// <paramref name="maxUsed"/> nodes in use, or -1. The caller guarantees [lo, hi + duration) lies inside the calendar.
    /// </summary>
    public int EarliestStart(int lo, int hi, int duration, int maxUsed)
    {
        var last = hi - firstHour;
        var runStart = lo - firstHour;
        var h = runStart;
        while (runStart <= last)
        {
            // Everything past the array is free, so a run that reaches it is long enough.
            if (h - runStart >= duration || h >= _used.Length) return runStart + firstHour;
            var block = h >> BlockShift;
            if (_blockMax[block] <= maxUsed)
            {
                h = (block + 1) << BlockShift;
            }
            else if (_blockMin[block] > maxUsed)
            {
                h = (block + 1) << BlockShift;
                runStart = h;
            }
            else
            {
                if (_used[h] > maxUsed) runStart = h + 1;
                h++;
            }
        }
        return -1;
    }

    private void EnsureLength(int hours)
    {
        if (hours <= _used.Length) return;
        var wanted = Math.Max(hours, Math.Min(2 * _used.Length, endHour - firstHour));
        var length = (wanted + BlockSize - 1) >> BlockShift << BlockShift;
        Array.Resize(ref _used, length);
        Array.Resize(ref _blockMax, length >> BlockShift);
        Array.Resize(ref _blockMin, length >> BlockShift);
    }

    private void Summarize(int block)
    {
        var span = _used.AsSpan(block << BlockShift, BlockSize);
        int max = span[0], min = span[0];
        foreach (var used in span)
        {
            if (used > max) max = used;
            if (used < min) min = used;
        }
        _blockMax[block] = max;
        _blockMin[block] = min;
    }
}
