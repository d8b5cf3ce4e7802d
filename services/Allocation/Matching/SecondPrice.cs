using Marketplace.Domain;

namespace Marketplace.Allocation.Matching;

/// <summary>
/// A winner on cluster C pays max(ask of C, the highest limit among bids that lost this round and could have been
/// placed on C in a period overlapping the winner's, given the round's final occupancy without the winner), capped at
/// its own limit.
/// </summary>
internal static class SecondPrice
{
    public static void Apply(Market market)
    {
        List<BidSlot> losers = [.. market.Bids.Where(b => !b.Won && b.HasUsableStart)];
        // Keyed by reference and only looked up, never enumerated, so the order of the dictionary cannot leak out.
        var competitorsOf = new Dictionary<ClusterSlot, List<BidSlot>>(ReferenceEqualityComparer.Instance);
        foreach (var winner in market.Bids)
        {
            if (winner.Cluster is not { } cluster) continue;
            if (!competitorsOf.TryGetValue(cluster, out var competitors))
            {
                competitors = [.. losers.Where(l => l.Limit > cluster.Ask && l.StaticFit(cluster) == FitStage.Fits)];
                competitorsOf.Add(cluster, competitors);
            }
            var setBy = HighestOverlappingCompetitor(winner, cluster, competitors);
            winner.SetPrice(
                Money.Round(setBy is null ? cluster.Ask : Math.Min(setBy.Limit, winner.Limit)),
                setBy?.Source.BidId);
        }
    }

    /// <remarks>
    /// Only losers ranked after the winner are tried. A loser ranked before it saw a subset of the final occupancy
    /// without the winner when its turn came; had it fit on C then, it would not have lost. Competitors come in
    /// priority order, so the first that fits has the highest limit.
    /// </remarks>
    private static BidSlot? HighestOverlappingCompetitor(BidSlot winner, ClusterSlot cluster, List<BidSlot> competitors)
    {
        var winnerEnd = winner.Start + winner.Duration;
        var removed = false;
        BidSlot? found = null;
        for (var i = FirstRankedAfter(competitors, winner.Rank); i < competitors.Count && found is null; i++)
        {
            var loser = competitors[i];
            var lo = Math.Max(loser.FirstStartOn(cluster), winner.Start - loser.Duration + 1);
            var hi = Math.Min(loser.LastStartOn(cluster), winnerEnd - 1);
            if (lo > hi) continue;
            if (!removed)
            {
                cluster.Calendar.Add(winner.Start, winnerEnd, -winner.Nodes);
                removed = true;
            }
            var nodes = (int)cluster.NodesFor(loser.Source.GpuCount);
            if (cluster.Calendar.EarliestStart(lo, hi, loser.Duration, cluster.Source.NodeCount - nodes) >= 0) found = loser;
        }
        if (removed) cluster.Calendar.Add(winner.Start, winnerEnd, winner.Nodes);
        return found;
    }

    private static int FirstRankedAfter(List<BidSlot> byRank, int rank)
    {
        int lo = 0, hi = byRank.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (byRank[mid].Rank <= rank) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
