namespace Marketplace.Allocation.Matching;

/// <summary>
/// Recent bids of one market that found no placement. Occupancy only grows during a round and later bids have no
/// higher limit, so a bid asking for at least as many GPUs, for at least as long, inside the window of one of them
/// and with the same restrictions cannot find a placement either: it loses without a search. In a sold-out market
/// this spares thousands of losing bids a pass over every cluster.
/// </summary>
internal sealed class LosingBids
{
    // A short ring of the latest losers: they are the most likely to resemble the next bids.
    private readonly BidSlot?[] _recent = new BidSlot?[32];
    private int _next;

    public void Add(BidSlot bid)
    {
        _recent[_next] = bid;
        _next = (_next + 1) % _recent.Length;
    }

    public bool AnyDominates(BidSlot bid)
    {
        foreach (var loser in _recent)
        {
            if (loser is null) return false;
            if (loser.GpuCount <= bid.GpuCount && loser.Duration <= bid.Duration
                && loser.FirstStart <= bid.FirstStart && loser.LastStart >= bid.LastStart && SameRestrictions(loser, bid))
                return true;
        }
        return false;
    }

    private static bool SameRestrictions(BidSlot a, BidSlot b) =>
        a.MinFabricRank == b.MinFabricRank
        && a.MinGbpsPerNode == b.MinGbpsPerNode
        && (a.RegionIds is null ? b.RegionIds is null : b.RegionIds is not null && a.RegionIds.AsSpan().SequenceEqual(b.RegionIds));
}
