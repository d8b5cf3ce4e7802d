namespace Marketplace.Allocation.Matching;

/// <summary>Finds a bid's preferred placement: lowest ask, then earliest start, then smallest cluster, then cluster id.</summary>
internal static class PlacementSearch
{
    /// <summary>Places the bid on its best feasible placement and occupies the nodes; false when nothing is feasible.</summary>
    public static bool TryPlace(BidSlot bid, ClusterSlot[] cheapestFirst)
    {
        ClusterSlot? best = null;
        var bestStart = 0;
        // Clusters come cheapest first: past the limit, or past the best ask found, nothing can win.
        for (var i = 0; i < bid.AffordableClusters; i++)
        {
            var cluster = cheapestFirst[i];
            if (best is not null && cluster.AskLevel != best.AskLevel) break;
            if (!bid.MayAccept(cluster) || !bid.FitsStatically(cluster)) continue;
            var lo = bid.FirstStartOn(cluster);
            var hi = bid.LastStartOn(cluster);
            // Same ask as the best so far and not smaller (clusters of one ask come smallest first): only a strictly
            // earlier start beats it.
            if (best is not null) hi = Math.Min(hi, bestStart - 1);
            if (lo > hi) continue;
            var maxUsed = cluster.NodeCount - bid.NodesOn(cluster);
            // Cheap rejection of a cluster that is full from its first hour until past the bid's last start.
            if (cluster.Calendar.FirstHourUsedAtMost(maxUsed) > hi) continue;
            var start = cluster.Calendar.EarliestStart(lo, hi, bid.Duration, maxUsed);
            if (start < 0) continue;
            best = cluster;
            bestStart = start;
            if (start == bid.FirstStart) break; // no cluster can offer an earlier start
        }
        if (best is null) return false;
        bid.PlaceOn(best, bestStart, bid.NodesOn(best));
        return true;
    }
}
