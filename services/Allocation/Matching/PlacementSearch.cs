namespace Marketplace.Allocation.Matching;

/// <summary>Finds a bid's preferred placement: lowest ask, then earliest start, then smallest cluster, then cluster id.</summary>
internal static class PlacementSearch
{
    /// <summary>Places the bid on its best feasible placement and occupies the nodes; false when nothing is feasible.</summary>
    public static bool TryPlace(BidSlot bid, List<ClusterSlot> cheapestFirst)
    {
        ClusterSlot? best = null;
        var bestStart = 0;
        // Clusters come cheapest first: past the limit, or past the best ask found, nothing can win.
        for (var i = 0; i < bid.AffordableClusters; i++)
        {
            var cluster = cheapestFirst[i];
            if (best is not null && cluster.Ask != best.Ask) break;
            if (bid.StaticFit(cluster) != FitStage.Fits) continue;
            var lo = bid.FirstStartOn(cluster);
            var hi = bid.LastStartOn(cluster);
            // Same ask as the best so far and not smaller (clusters of one ask come smallest first): only a strictly
            // earlier start beats it.
            if (best is not null) hi = Math.Min(hi, bestStart - 1);
            if (lo > hi) continue;
            var nodes = (int)cluster.NodesFor(bid.Source.GpuCount);
            var start = cluster.Calendar.EarliestStart(lo, hi, bid.Duration, cluster.NodeCount - nodes);
            if (start < 0) continue;
            best = cluster;
            bestStart = start;
            if (start == bid.FirstStart) break; // no cluster can offer an earlier start
        }
        if (best is null) return false;
        bid.PlaceOn(best, bestStart, (int)best.NodesFor(bid.Source.GpuCount));
        return true;
    }
}
