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
        var competitorsOn = new Dictionary<ClusterSlot, Competitors>(ReferenceEqualityComparer.Instance);
        foreach (var winner in market.Bids)
        {
            if (winner.Cluster is not { } cluster) continue;
            if (!competitorsOn.TryGetValue(cluster, out var competitors))
            {
                competitors = new Competitors(cluster, losers);
                competitorsOn.Add(cluster, competitors);
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
    private static BidSlot? HighestOverlappingCompetitor(BidSlot winner, ClusterSlot cluster, Competitors competitors)
    {
        var winnerEnd = winner.Start + winner.Duration;
        // A competitor must overlap the winner's period, so it can never get more nodes than are free there once the
        // winner is gone: bigger gangs are skipped without a search.
        var mostNodesFree = cluster.NodeCount - cluster.Calendar.MinUsed(winner.Start, winnerEnd) + winner.Nodes;
        var removed = false;
        BidSlot? found = null;
        for (var i = competitors.FirstRankedAfter(winner.Rank); found is null && competitors.TryGet(i, out var loser); i++)
        {
            var nodes = (int)cluster.NodesFor(loser.Source.GpuCount);
            if (loser.Rank <= winner.Rank || nodes > mostNodesFree) continue;
            var lo = Math.Max(loser.FirstStartOn(cluster), winner.Start - loser.Duration + 1);
            var hi = Math.Min(loser.LastStartOn(cluster), winnerEnd - 1);
            if (lo > hi) continue;
            if (!removed)
            {
                cluster.Calendar.Add(winner.Start, winnerEnd, -winner.Nodes);
                removed = true;
            }
            if (cluster.Calendar.EarliestStart(lo, hi, loser.Duration, cluster.NodeCount - nodes) >= 0) found = loser;
        }
        if (removed) cluster.Calendar.Add(winner.Start, winnerEnd, winner.Nodes);
        return found;
    }

    /// <summary>
    /// The losers that pass a cluster's static rules (limit above its ask, model, region, fabric, size, availability),
    /// in priority order, found lazily: pricing usually stops at the first that fits in time, so most are never checked.
    /// </summary>
    private sealed class Competitors(ClusterSlot cluster, List<BidSlot> losersByRank)
    {
        private readonly List<BidSlot> _found = [];
        private int _scanned;

        public bool TryGet(int index, out BidSlot loser)
        {
            while (index >= _found.Count && _scanned < losersByRank.Count)
            {
                var candidate = losersByRank[_scanned++];
                // Losers come highest limit first: once at or below the ask, none can raise the price.
                if (candidate.Limit <= cluster.Ask) _scanned = losersByRank.Count;
                else if (candidate.StaticFit(cluster) == FitStage.Fits) _found.Add(candidate);
            }
            loser = index < _found.Count ? _found[index] : null!;
            return index < _found.Count;
        }

        /// <summary>Where to start among those found so far; later ones are ranked after anyway.</summary>
        public int FirstRankedAfter(int rank)
        {
            int lo = 0, hi = _found.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_found[mid].Rank <= rank) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }
    }
}
