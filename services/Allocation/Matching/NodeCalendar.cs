namespace Marketplace.Allocation.Matching;

/// <summary>
/// Nodes in use on one cluster over time, kept as a step function: from <c>_starts[i]</c> until <c>_starts[i + 1]</c>
/// (the last step: forever) <c>_used[i]</c> nodes are in use.
/// </summary>
/// <remarks>
/// A cluster carries a handful of bookings but is searched over windows of hundreds of hours, so steps beat an
/// hour-by-hour array: a search walks a few steps instead of hundreds of hours, and a calendar is a few hundred bytes
/// instead of kilobytes per cluster. Adjacent steps with the same count are merged, so removing what was added
/// restores the calendar exactly.
/// </remarks>
internal sealed class NodeCalendar
{
    private readonly int _firstHour;
    private readonly int _endHour;
    private int[] _starts = new int[8];
    private int[] _used = new int[8];
    private int _count = 1;

    /// <summary>Only hours in [firstHour, endHour) are ever asked about, so changes outside it are dropped.</summary>
    public NodeCalendar(int firstHour, int endHour)
    {
        _firstHour = firstHour;
        _endHour = endHour;
        _starts[0] = int.MinValue;
    }

    /// <summary>Adds <paramref name="nodes"/> (negative to remove) over the hours [from, to).</summary>
    public void Add(int from, int to, int nodes)
    {
        from = Math.Max(from, _firstHour);
        to = Math.Min(to, _endHour);
        if (to <= from || nodes == 0) return;
        var first = SplitAt(from);
        var end = SplitAt(to);
        for (var i = first; i < end; i++) _used[i] += nodes;
        MergeWithPrevious(end);
        MergeWithPrevious(first);
    }

    /// <summary>
    /// The earliest start in [lo, hi] such that every hour of [start, start + duration) has at most
    /// <paramref name="maxUsed"/> nodes in use, or -1.
    /// </summary>
    public int EarliestStart(int lo, int hi, int duration, int maxUsed)
    {
        long runStart = lo;
        for (var i = StepAt(lo); ; i++)
        {
            long stepEnd = i + 1 < _count ? _starts[i + 1] : long.MaxValue;
            if (_used[i] > maxUsed) runStart = stepEnd;
            else if (stepEnd - runStart >= duration) return (int)runStart;
            if (runStart > hi) return -1;
        }
    }

    /// <summary>The fewest nodes in use in any hour of [from, to).</summary>
    public int MinUsed(int from, int to)
    {
        var min = int.MaxValue;
        for (var i = StepAt(from); i < _count && _starts[i] < to; i++) min = Math.Min(min, _used[i]);
        return min;
    }

    /// <summary>The step containing <paramref name="hour"/>: the last one starting at or before it.</summary>
    private int StepAt(int hour)
    {
        int lo = 0, hi = _count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (_starts[mid] <= hour) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>The index of the step starting at <paramref name="hour"/>, splitting the step that contains it.</summary>
    private int SplitAt(int hour)
    {
        var i = StepAt(hour);
        if (_starts[i] == hour) return i;
        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, 2 * _count);
            Array.Resize(ref _used, 2 * _count);
        }
        Array.Copy(_starts, i + 1, _starts, i + 2, _count - i - 1);
        Array.Copy(_used, i + 1, _used, i + 2, _count - i - 1);
        _starts[i + 1] = hour;
        _used[i + 1] = _used[i];
        _count++;
        return i + 1;
    }

    private void MergeWithPrevious(int i)
    {
        if (i <= 0 || i >= _count || _used[i] != _used[i - 1]) return;
        Array.Copy(_starts, i + 1, _starts, i, _count - i - 1);
        Array.Copy(_used, i + 1, _used, i, _count - i - 1);
        _count--;
    }
}
