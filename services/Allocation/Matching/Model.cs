namespace Marketplace.Allocation.Matching;

/// <summary>A booked (or being-booked) block of nodes on a cluster: [StartsAt, EndsAt) on whole hours.</summary>
public sealed record Occupancy(DateTimeOffset StartsAt, DateTimeOffset EndsAt, int NodeCount);

/// <summary>A listed, active cluster as the round sees it, with what is already taken on it.</summary>
public sealed record ClusterCapacity(
    Guid ClusterId, Guid ProviderId, string GpuModel, string Region, string InterconnectKind, int GbpsPerNode,
    int GpusPerNode, int NodeCount, decimal AskPricePerGpuHour, DateTimeOffset AvailableFrom, DateTimeOffset AvailableUntil,
    IReadOnlyList<Occupancy> Occupied);

/// <summary>An open bid. <see cref="PlacedAt"/> then <see cref="BidId"/> break price ties (earlier wins).</summary>
public sealed record OpenBid(
    Guid BidId, Guid TenantId, string GpuModel, int GpuCount, int DurationHours, DateTimeOffset EarliestStart,
    DateTimeOffset LatestStart, IReadOnlyList<string> Regions, string? InterconnectKind, int? MinGbpsPerNode,
    decimal MaxPricePerGpuHour, DateTimeOffset PlacedAt);

public sealed record RoundInput(DateTimeOffset Now, IReadOnlyList<ClusterCapacity> Clusters, IReadOnlyList<OpenBid> Bids);

/// <summary>
/// A placement: whole nodes of one cluster for exactly the bid's duration. <see cref="PriceSetBy"/> is the losing bid
/// whose limit set the price (null: the ask did).
/// </summary>
public sealed record Placement(
    Guid ClusterId, int NodeCount, int GpuCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    decimal PricePerGpuHour, Guid? PriceSetBy)
{
    /// <summary>What the booking costs (API.md: price × GPUs × hours), the same for a quote and the booking it predicts.</summary>
    public decimal TotalPrice => Marketplace.Domain.Money.Round(PricePerGpuHour * GpuCount * (decimal)(EndsAt - StartsAt).TotalHours);
}

/// <summary>What the round decided for one bid, in priority order: won with a placement, or not, with the reason.</summary>
public sealed record Decision(Guid BidId, int Rank, Placement? Placement, string Reason)
{
    public bool Won => Placement is not null;
}

public sealed record RoundResult(IReadOnlyList<Decision> Decisions);
