using Marketplace.Domain;

namespace Marketplace.Allocation.Matching;

/// <summary>
/// A winner on cluster C pays max(ask of C, the highest limit among bids that lost this round and could have been
/// placed on C in a period overlapping the winner's, given the round's final occupancy without the winner), capped at
/// its own limit.
/// </summary>
internal static class SecondPrice
{
    // Runs are remembered per winner for clusters of up to this many nodes; bigger ones are asked each time.
    private const int MaxRememberedRuns = 64;

    public static void Apply(Market market)
    {
        var competitors = new Competitors(market);
        Span<int> runs = stackalloc int[MaxRememberedRuns];
        foreach (var winner in market.Bids)
        {
            if (winner.Cluster is not { } cluster) continue;
            var setBy = HighestOverlappingCompetitor(winner, cluster, competitors, runs);
            winner.SetPrice(
                Money.Round(setBy is null ? cluster.Ask : Math.Min(setBy.Limit, winner.Limit)),
                setBy);
        }
    }

    /// <remarks>
    /// Only losers ranked after the winner are tried. A loser ranked before it saw a subset of the final occupancy
    /// without the winner when its turn came; had it fit on C then, it would not have lost. Losers come in priority
    /// order, so the first that fits has the highest limit. The calendar is asked as if the winner were gone, never
    /// changed.
    /// </remarks>
    private static BidSlot? HighestOverlappingCompetitor(BidSlot winner, ClusterSlot cluster, Competitors competitors, Span<int> runs)
    {
        var winnerEnd = winner.Start + winner.Duration;
        var calendar = cluster.Calendar;
        // A competitor must overlap the winner's period, so it can never get more nodes than are free there once the
        // winner is gone: bigger gangs are skipped without a search.
        var mostNodesFree = cluster.NodeCount - calendar.MinUsed(winner.Start, winnerEnd) + winner.Nodes;
        // runs[m]: the longest stretch through the winner's period with at most m nodes in use; -1 until asked.
        runs.Fill(-1);
        var candidates = competitors.CandidatesFor(cluster);
        for (var k = competitors.FirstRankedAfter(candidates, winner.Rank); k < candidates.Length; k++)
        {
            ref var loser = ref competitors[candidates[k]];
            if (!loser.LimitAboveAskOf(cluster)) return null;
            // The cheap necessary conditions first, on the loser's copied facts: restriction class, size, availability,
            // overlap with the winner's period.
            if (!loser.MayAccept(cluster)) continue;
            var nodes = loser.NodesOn(cluster);
            if (nodes > cluster.NodeCount || nodes > mostNodesFree) continue;
            var lo = Math.Max(loser.FirstStartOn(cluster), winner.Start - loser.Duration + 1);
            var hi = Math.Min(loser.LastStartOn(cluster), winnerEnd - 1);
            if (lo > hi || loser.FirstStartOn(cluster) > loser.LastStartOn(cluster)) continue;
            var maxUsed = cluster.NodeCount - nodes;
            // Many losers of a sold-out market need longer than any gap the winner leaves: one walk per node count
            // answers that for all of them.
            if (loser.Duration > LongestRun(calendar, maxUsed, winner, winnerEnd, runs)) continue;
            // Every static rule on the bid itself (region and fabric exactly, where the class bits are only a maybe).
            if (!loser.Bid.FitsStatically(cluster)) continue;
            if (calendar.EarliestStartWithout(lo, hi, loser.Duration, maxUsed, winner.Start, winnerEnd, winner.Nodes) >= 0)
                return loser.Bid;
        }
        return null;
    }

    private static int LongestRun(NodeCalendar calendar, int maxUsed, BidSlot winner, int winnerEnd, Span<int> runs)
    {
        if (maxUsed >= runs.Length) return calendar.LongestRunThrough(maxUsed, winner.Start, winnerEnd, winner.Nodes);
        if (runs[maxUsed] < 0) runs[maxUsed] = calendar.LongestRunThrough(maxUsed, winner.Start, winnerEnd, winner.Nodes);
        return runs[maxUsed];
    }
}
