using Marketplace.Domain;

namespace Marketplace.Allocation.Matching;

/// <summary>A bid as the round works with it: its start window on the round's grid and, once placed, where it went.</summary>
/// <remarks>
/// What the hot loops read (GPUs, limit, restrictions) is copied out of <see cref="Source"/> once: every bid is checked
/// against hundreds of clusters, and one pointer hop less per check adds up.
/// </remarks>
internal sealed class BidSlot
{
    // NodesOn caches its last answer: a bid is checked against clusters that nearly all have the same GPUs per node.
    private int _nodesGpusPerNode;
    private int _nodes;

    public BidSlot(OpenBid source, HourGrid grid, int[]? regionIds)
    {
        Source = source;
        GpuCount = source.GpuCount;
        Limit = source.MaxPricePerGpuHour;
        Duration = HourGrid.ClampDuration(source.DurationHours);
        FirstStart = Math.Max(0, grid.Ceiling(source.EarliestStart));
        LastStart = grid.Floor(source.LatestStart);
        RegionIds = regionIds;
        MinFabricRank = source.InterconnectKind is null ? NoMinimum : Interconnects.Rank(source.InterconnectKind);
        MinGbpsPerNode = source.MinGbpsPerNode ?? NoMinimum;
        HasUsableStart = FirstStart <= LastStart && source.GpuCount > 0 && source.DurationHours > 0;
    }

    /// <summary>Stands for "no restriction" in <see cref="MinFabricRank"/> and <see cref="MinGbpsPerNode"/>.</summary>
    public const int NoMinimum = int.MinValue;

    public OpenBid Source { get; }
    public int Rank { get; set; }
    public int GpuCount { get; }
    public decimal Limit { get; }
    public int Duration { get; }

    /// <summary>Earliest usable start: never before the next whole hour after Now.</summary>
    public int FirstStart { get; }

    public int LastStart { get; }

    /// <summary>Region ids it accepts; null accepts any region.</summary>
    public int[]? RegionIds { get; }

    /// <summary>Weakest fabric kind it accepts; <see cref="NoMinimum"/> accepts any.</summary>
    public int MinFabricRank { get; }

    /// <summary><see cref="NoMinimum"/> when the bid names no speed.</summary>
    public int MinGbpsPerNode { get; }

    public bool HasUsableStart { get; }

    /// <summary>The market of its GPU model; set by the round setup.</summary>
    public Market Market { get; set; } = null!;

    /// <summary>The <see cref="RestrictionClasses"/> bits of the clusters its restrictions accept; set once the market is sorted.</summary>
    public ulong AcceptedClasses { get; set; }

    /// <summary>May its region and fabric restrictions accept the cluster? A cheap filter before <see cref="FitsStatically"/>.</summary>
    public bool MayAccept(ClusterSlot cluster) => (AcceptedClasses & cluster.ClassBit) != 0;

    /// <summary>How many of its market's clusters (cheapest first) ask at most its limit; set once the market is sorted.</summary>
    public int AffordableClusters { get; set; }

    /// <summary>How many of its market's clusters (cheapest first) ask strictly less than its limit.</summary>
    public int ClustersBelowLimit { get; set; }

    public ClusterSlot? Cluster { get; private set; }
    public int Start { get; private set; }
    public int Nodes { get; private set; }
    public decimal Price { get; private set; }
    /// <summary>The losing bid whose limit set the price; null: the ask did.</summary>
    public BidSlot? PriceSetBy { get; private set; }

    public bool Won => Cluster is not null;

    public void PlaceOn(ClusterSlot cluster, int start, int nodes)
    {
        Cluster = cluster;
        Start = start;
        Nodes = nodes;
        Price = cluster.Ask;
        cluster.Calendar.Add(start, start + Duration, nodes);
    }

    public void SetPrice(decimal price, BidSlot? setBy)
    {
        Price = price;
        PriceSetBy = setBy;
    }

    /// <summary>Whole nodes its gang needs on <paramref name="cluster"/>: ceil(GPUs / GPUs per node).</summary>
    /// <remarks>Only asked for bids with GPUs and clusters with GPUs per node; int arithmetic cannot overflow here.</remarks>
    public int NodesOn(ClusterSlot cluster)
    {
        var perNode = cluster.GpusPerNode;
        if (perNode != _nodesGpusPerNode)
        {
            _nodes = GpuCount <= 0 || perNode <= 0 ? 0 : (GpuCount - 1) / perNode + 1;
            _nodesGpusPerNode = perNode;
        }
        return _nodes;
    }

    /// <summary>Everything about the cluster except time and capacity; on failure, which rule it failed.</summary>
    public FitStage StaticFit(ClusterSlot cluster)
    {
        if (!cluster.IsUsable) return FitStage.Model;
        if (RegionIds is not null && Array.IndexOf(RegionIds, cluster.RegionId) < 0) return FitStage.Region;
        if (cluster.FabricRank < MinFabricRank || cluster.GbpsPerNode < MinGbpsPerNode) return FitStage.Fabric;
        if (cluster.Index >= AffordableClusters) return FitStage.Price;
        if (NodesOn(cluster) > cluster.NodeCount) return FitStage.Size;
        if (FirstStartOn(cluster) > LastStartOn(cluster)) return FitStage.Availability;
        return FitStage.Fits;
    }

    /// <summary><see cref="StaticFit"/> == Fits, the cheapest checks first; what the placement and price loops ask.</summary>
    public bool FitsStatically(ClusterSlot cluster) =>
        cluster.Index < AffordableClusters
        && cluster.IsUsable
        && cluster.FabricRank >= MinFabricRank && cluster.GbpsPerNode >= MinGbpsPerNode
        && (RegionIds is null || Array.IndexOf(RegionIds, cluster.RegionId) >= 0)
        && NodesOn(cluster) <= cluster.NodeCount
        && FirstStartOn(cluster) <= LastStartOn(cluster);

    public int FirstStartOn(ClusterSlot cluster) => Math.Max(FirstStart, cluster.FirstHour);

    public int LastStartOn(ClusterSlot cluster) => Math.Min(LastStart, cluster.EndHour - Duration);
}
