using System.Globalization;

namespace Marketplace.Allocation.Matching;

/// <summary>The sentence a tenant reads on a decision: where it won and what set the price, or why it did not win.</summary>
internal static class DecisionReasons
{
    public static string Won(BidSlot bid, HourGrid grid)
    {
        var cluster = bid.Cluster!;
        var gpus = bid.Nodes * cluster.GpusPerNode;
        // One pass into one string: a full round writes thousands of these.
        return string.Create(CultureInfo.InvariantCulture,
            $"won on cluster {cluster.Source.ClusterId} from {grid.At(bid.Start).UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'} "
            + $"to {grid.At(bid.Start + bid.Duration).UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'} for {bid.Nodes} {(bid.Nodes == 1 ? "node" : "nodes")} "
            + $"({gpus} {(gpus == 1 ? "GPU" : "GPUs")}) at {bid.Price:0.00##} per GPU-hour; "
            + $"price set by {(bid.PriceSetBy is null ? "the ask" : "a competing bid")}");
    }

    public static string Lost(BidSlot bid, HourGrid grid)
    {
        var source = bid.Source;
        if (source.GpuCount < 1 || source.DurationHours < 1) return "the bid asks for no GPUs or no hours";
        if (bid.LastStart < 0)
            return $"start window has passed: the latest start {Time(source.LatestStart)} is before the next whole hour {Time(grid.Origin)}";
        if (!bid.HasUsableStart) return "start window holds no whole hour at or after the next whole hour";

        var model = source.GpuModel;
        var furthest = FitStage.Model;
        decimal? lowestAsk = null;
        ClusterSlot? largest = null; // of the clusters past region, fabric and price: what the size rule compared against
        var latestEnd = int.MinValue; // of the clusters past size too: how far their listings reach
        var freeBeforeThisRound = false;
        foreach (var cluster in bid.Market.Clusters)
        {
            var stage = bid.StaticFit(cluster);
            // Clusters come cheapest first: the first to get past region and fabric has the lowest ask.
            if (stage >= FitStage.Price) lowestAsk ??= cluster.Ask;
            if (stage >= FitStage.Size && (largest is null || cluster.NodeCount > largest.NodeCount)) largest = cluster;
            if (stage >= FitStage.Availability) latestEnd = Math.Max(latestEnd, cluster.EndHour);
            if (stage == FitStage.Fits)
            {
                stage = FitStage.Capacity;
                freeBeforeThisRound = freeBeforeThisRound || FitsBookingsOnly(bid, cluster, grid);
            }
            if (stage > furthest) furthest = stage;
            if (freeBeforeThisRound) break; // no cluster can tell the bid anything more useful
            // Every later cluster is past the limit, so it stops at Price or before: with the lowest ask known, none can
            // change the answer. This spares the many bids under every ask a walk over the whole market.
            if (lowestAsk is not null && cluster.Index + 1 >= bid.AffordableClusters) break;
        }

        return furthest switch
        {
            FitStage.Model => $"no active cluster of model {model}",
            FitStage.Region => $"no active cluster of model {model} in the requested regions",
            FitStage.Fabric => $"no active cluster of model {model} in the requested regions with the requested fabric",
            FitStage.Price => $"no active cluster of model {model} in the requested regions/fabric within your price of "
                + $"{Price(bid.Limit)} per GPU-hour (lowest ask there: {Price(lowestAsk ?? 0)})",
            FitStage.Size => $"no cluster of model {model} that matches your regions, fabric and price has enough nodes "
                + $"for {Count(source.GpuCount, "GPU")} on one cluster: the largest has {Count(largest!.NodeCount, "node")} of "
                + $"{Count(largest.GpusPerNode, "GPU")}, the bid needs {bid.NodesOn(largest)}",
            FitStage.Availability => $"no cluster of model {model} that matches your regions, fabric, price and size is "
                + $"available for {source.DurationHours} h starting in your window (the latest any is listed until is "
                + $"{Time(grid.At(latestEnd))}, the latest start is {Time(source.LatestStart)})",
            _ when freeBeforeThisRound => "capacity in your window was taken by higher-priority bids this round",
            _ => "capacity in your window is already booked on every cluster that matches",
        };
    }

    private static bool FitsBookingsOnly(BidSlot bid, ClusterSlot cluster, HourGrid grid)
    {
        var booked = cluster.BookedOnly(grid, bid.Market.HorizonEnd);
        if (booked is null) return true;
        var nodes = bid.NodesOn(cluster);
        return booked.EarliestStart(bid.FirstStartOn(cluster), bid.LastStartOn(cluster), bid.Duration, cluster.NodeCount - nodes) >= 0;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Price(decimal p) => p.ToString("0.00##", CultureInfo.InvariantCulture);

    private static string Count(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
