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
    // Clusters beyond this many nodes are rare; they are searched without the first-hour bound rather than given a big table.
    private const int MaxBoundedNodes = 64;

    private readonly int _firstHour;
    private readonly int _endHour;
    // A cluster in a busy round ends up with a few tens of steps; starting at 16 saves most regrowths.
    private int[] _starts = new int[16];
    private int[] _used = new int[16];
    private int _count = 1;

    // _firstHourUsedAtMost[m]: the first hour at or after _firstHour with at most m nodes in use; stale after a change.
    private readonly int[] _firstHourUsedAtMost;
    private bool _firstHoursStale = true;

    /// <summary>Only hours in [firstHour, endHour) are ever asked about, so changes outside it are dropped.</summary>
    public NodeCalendar(int firstHour, int endHour, int nodeCount)
    {
        _firstHour = firstHour;
        _endHour = endHour;
        _starts[0] = int.MinValue;
        _firstHourUsedAtMost = new int[Math.Clamp(nodeCount, 0, MaxBoundedNodes)];
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
        _firstHoursStale = true;
    }

    /// <summary>
    /// A lower bound on any start <see cref="EarliestStart"/> can return for <paramref name="maxUsed"/> (at least 0):
    /// the first hour with at most that many nodes in use. A start needs its first hour free, so when this is past the
    /// bid's last start the cluster is full for it, and the search is skipped. In a sold-out market that is most
    /// clusters for most bids.
    /// </summary>
    public int FirstHourUsedAtMost(int maxUsed)
    {
        if (maxUsed >= _firstHourUsedAtMost.Length) return _firstHour;
        if (_firstHoursStale) ComputeFirstHours();
        return _firstHourUsedAtMost[maxUsed];
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

    /// <summary>
    /// <see cref="EarliestStart"/> as if <paramref name="nodes"/> fewer were in use over [from, to) (a placement taken
    /// away), without changing the calendar: it reads the same step function that removing and re-adding it would
    /// give, cut at <paramref name="from"/> and <paramref name="to"/>.
    /// </summary>
    public int EarliestStartWithout(int lo, int hi, int duration, int maxUsed, int from, int to, int nodes)
    {
        // Clamped as Add would clamp the removal.
        from = Math.Max(from, _firstHour);
        to = Math.Min(to, _endHour);
        long runStart = lo;
        long at = lo;
        for (var i = StepAt(lo); ;)
        {
            long stepEnd = i + 1 < _count ? _starts[i + 1] : long.MaxValue;
            // The rest of this step up to the next edge of [from, to): inside it, the removed nodes are free.
            var end = stepEnd;
            var used = _used[i];
            if (at < from) end = Math.Min(end, from);
            else if (at < to)
            {
                end = Math.Min(end, to);
                used -= nodes;
            }
            if (used > maxUsed) runStart = end;
            else if (end - runStart >= duration) return (int)runStart;
            if (runStart > hi) return -1;
            at = end;
            if (end == stepEnd) i++;
        }
    }

    /// <summary>
    /// The longest stretch of hours with at most <paramref name="maxUsed"/> nodes in use, counting
    /// <paramref name="nodes"/> fewer over [from, to) as <see cref="EarliestStartWithout"/> does, among the stretches
    /// that include an hour of [from, to); int.MaxValue when it never ends. A bid needing more hours than this cannot be
    /// placed overlapping [from, to), so second pricing rejects it without a search.
    /// </summary>
    public int LongestRunThrough(int maxUsed, int from, int to, int nodes)
    {
        var removedFrom = Math.Max(from, _firstHour);
        var removedTo = Math.Min(to, _endHour);
        // Back from `from` over free steps (before `from` nothing is removed) to where the stretch through it begins.
        long begin = from;
        if (from > _firstHour)
            for (var i = StepAt(from - 1); _used[i] <= maxUsed; i--)
            {
                begin = Math.Max(_starts[i], _firstHour);
                if (begin == _firstHour) break; // so also at the first step, which starts at int.MinValue
            }

        long runStart = begin, at = begin, longest = 0;
        for (var i = StepAt((int)begin); ;)
        {
            long stepEnd = i + 1 < _count ? _starts[i + 1] : long.MaxValue;
            var end = stepEnd;
            var used = _used[i];
            if (at < removedFrom) end = Math.Min(end, removedFrom);
            else if (at < removedTo)
            {
                end = Math.Min(end, removedTo);
                used -= nodes;
            }
            if (used > maxUsed)
            {
                // The stretch [runStart, at) ends here; count it if it reaches into [from, to).
                if (at > runStart && at > from && runStart < to) longest = Math.Max(longest, at - runStart);
                runStart = end;
                if (runStart >= to) return (int)longest; // later stretches begin after [from, to)
            }
            else if (end == long.MaxValue) return int.MaxValue;
            at = end;
            if (end == stepEnd) i++;
        }
    }

    /// <summary>The fewest nodes in use in any hour of [from, to).</summary>
    public int MinUsed(int from, int to)
    {
        var min = int.MaxValue;
        for (var i = StepAt(from); i < _count && _starts[i] < to; i++) min = Math.Min(min, _used[i]);
        return min;
    }

    // One walk over the steps: a step using fewer nodes than every step before it is the first hour for those counts.
    private void ComputeFirstHours()
    {
        var unset = _firstHourUsedAtMost.Length; // counts below every step seen so far
        Array.Fill(_firstHourUsedAtMost, int.MaxValue);
        for (var i = StepAt(_firstHour); i < _count && unset > 0; i++)
        {
            var used = Math.Max(_used[i], 0);
            if (used >= unset) continue;
            Array.Fill(_firstHourUsedAtMost, Math.Max(_starts[i], _firstHour), used, unset - used);
            unset = used;
        }
        _firstHoursStale = false;
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
        // Span copies: a calendar has tens of steps, where Array.Copy's checks cost more than the copy.
        _starts.AsSpan(i + 1, _count - i - 1).CopyTo(_starts.AsSpan(i + 2));
        _used.AsSpan(i + 1, _count - i - 1).CopyTo(_used.AsSpan(i + 2));
        _starts[i + 1] = hour;
        _used[i + 1] = _used[i];
        _count++;
        return i + 1;
    }

    private void MergeWithPrevious(int i)
    {
        if (i <= 0 || i >= _count || _used[i] != _used[i - 1]) return;
        _starts.AsSpan(i + 1, _count - i - 1).CopyTo(_starts.AsSpan(i));
        _used.AsSpan(i + 1, _count - i - 1).CopyTo(_used.AsSpan(i));
        _count--;
    }
}
