using Marketplace.Domain;

namespace Marketplace.Allocation.Matching;

/// <summary>A bid as the round works with it: its start window on the round's grid and, once placed, where it went.</summary>
internal sealed class BidSlot(OpenBid source, HourGrid grid, int[]? regionIds)
{
    public OpenBid Source { get; } = source;
    public int Rank { get; set; }
    public decimal Limit => Source.MaxPricePerGpuHour;
    public int Duration { get; } = HourGrid.ClampDuration(source.DurationHours);

    /// <summary>Earliest usable start: never before the next whole hour after Now.</summary>
    public int FirstStart { get; } = Math.Max(0, grid.Ceiling(source.EarliestStart));

    public int LastStart { get; } = grid.Floor(source.LatestStart);

    /// <summary>Region ids it accepts; null accepts any region.</summary>
    public int[]? RegionIds { get; } = regionIds;

    /// <summary>Weakest fabric kind it accepts; null accepts any.</summary>
    public int? MinFabricRank { get; } = source.InterconnectKind is null ? null : Interconnects.Rank(source.InterconnectKind);

    /// <summary>How many of its market's clusters (cheapest first) ask at most its limit; set once the market is sorted.</summary>
    public int AffordableClusters { get; set; }

    public bool HasUsableStart => FirstStart <= LastStart && Source.GpuCount > 0 && Source.DurationHours > 0;

    public ClusterSlot? Cluster { get; private set; }
    public int Start { get; private set; }
    public int Nodes { get; private set; }
    public decimal Price { get; private set; }
    public Guid? PriceSetBy { get; private set; }

    public bool Won => Cluster is not null;

    public void PlaceOn(ClusterSlot cluster, int start, int nodes)
    {
        Cluster = cluster;
        Start = start;
        Nodes = nodes;
        Price = cluster.Ask;
        cluster.Calendar.Add(start, start + Duration, nodes);
    }

    public void SetPrice(decimal price, Guid? setBy)
    {
        Price = price;
        PriceSetBy = setBy;
    }

    /// <summary>Everything about the cluster except time and capacity; on failure, which rule it failed.</summary>
    public FitStage StaticFit(ClusterSlot cluster)
    {
        if (!cluster.IsUsable) return FitStage.Model;
        if (RegionIds is not null && Array.IndexOf(RegionIds, cluster.RegionId) < 0) return FitStage.Region;
        if (MinFabricRank is { } rank && cluster.FabricRank < rank) return FitStage.Fabric;
        if (Source.MinGbpsPerNode is { } gbps && cluster.Source.GbpsPerNode < gbps) return FitStage.Fabric;
        if (cluster.Index >= AffordableClusters) return FitStage.Price;
        if (cluster.NodesFor(Source.GpuCount) > cluster.NodeCount) return FitStage.Size;
        if (FirstStartOn(cluster) > LastStartOn(cluster)) return FitStage.Availability;
        return FitStage.Fits;
    }

    public int FirstStartOn(ClusterSlot cluster) => Math.Max(FirstStart, cluster.FirstHour);

    public int LastStartOn(ClusterSlot cluster) => Math.Min(LastStart, cluster.EndHour - Duration);
}
