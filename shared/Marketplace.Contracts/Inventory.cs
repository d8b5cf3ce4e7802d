namespace Marketplace.Contracts.Inventory;

public record Interconnect(string Kind, int GbpsPerNode);

public record ClusterView(
    Guid Id, Guid ProviderId, string Name, string Region, string GpuModel, int GpusPerNode, int NodeCount,
    Interconnect Interconnect, decimal AskPricePerGpuHour, DateTimeOffset AvailableFrom, DateTimeOffset AvailableUntil,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public record ClusterPage(IReadOnlyList<ClusterView> Items, string? NextCursor);

// Requests from the gateway (answered with the view or a Problem).
public record ListCluster(
    Caller Caller, Guid ClusterId, string Name, string Region, string GpuModel, int GpusPerNode, int NodeCount,
    Interconnect Interconnect, decimal AskPricePerGpuHour, DateTimeOffset AvailableFrom, DateTimeOffset AvailableUntil);
public record GetCluster(Caller Caller, Guid ClusterId);
public record ListClusters(Caller Caller, string? GpuModel, string? Region, string? Status, int Limit, string? Cursor);
public record UpdateCluster(Caller Caller, Guid ClusterId, string? Name, decimal? AskPricePerGpuHour, DateTimeOffset? AvailableUntil);
public record DelistCluster(Caller Caller, Guid ClusterId);
public record GetCalendar(Caller Caller, Guid ClusterId, DateTimeOffset From, DateTimeOffset To);

public record HoldSlot(DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid BookingId);
public record NodeCalendar(int Index, IReadOnlyList<HoldSlot> Holds, IReadOnlyList<OutageSlot>? Outages = null);
/// <summary>The node is out over StartsAt–EndsAt (EndsAt null: until the outage is ended).</summary>
public record OutageSlot(DateTimeOffset StartsAt, DateTimeOffset? EndsAt, Guid OutageId);
public record ClusterCalendar(Guid ClusterId, IReadOnlyList<NodeCalendar> Nodes);

// Listing events, for the allocation service's own view of capacity.
public record ClusterListed(ClusterView Cluster);
public record ClusterUpdated(ClusterView Cluster);
public record ClusterDelisted(ClusterView Cluster);

// Booking workflow: commands sent to inventory, and their outcomes.
/// <summary>Hold <paramref name="NodeCount"/> free nodes of the cluster for [StartsAt, EndsAt). Inventory picks the nodes.</summary>
public record HoldNodes(Guid BookingId, Guid ClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
public record NodesHeld(Guid BookingId, Guid ClusterId, IReadOnlyList<int> NodeIndexes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset ConfirmBy);
public record NodesUnavailable(Guid BookingId, Guid ClusterId, string Reason);
/// <summary>
/// Make a booking's hold permanent. It carries the hold's terms so that, should the hold have expired meanwhile,
/// inventory can take the nodes again if they are still free (HoldConfirmed) or report HoldLost.
/// </summary>
public record ConfirmHold(Guid BookingId, Guid ClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
public record HoldConfirmed(Guid BookingId, Guid ClusterId, IReadOnlyList<int> NodeIndexes);
public record HoldLost(Guid BookingId, Guid ClusterId, string Reason);
/// <summary>
/// A market round's holds in one command: inventory takes them in one transaction and answers with one
/// <see cref="HoldsAnswered"/>. Each item means exactly what the single <see cref="HoldNodes"/> means (a retried item
/// answers what its booking already holds); batching only saves a message chain and a transaction per booking.
/// </summary>
public record HoldNodesBatch(IReadOnlyList<HoldNodes> Items);
public record HoldsAnswered(IReadOnlyList<NodesHeld> Held, IReadOnlyList<NodesUnavailable> Unavailable);
/// <summary>Many <see cref="ConfirmHold"/> in one command and one transaction, answered by one <see cref="ConfirmsAnswered"/>.</summary>
public record ConfirmHoldBatch(IReadOnlyList<ConfirmHold> Items);
public record ConfirmsAnswered(IReadOnlyList<HoldConfirmed> Confirmed, IReadOnlyList<HoldLost> Lost);
/// <summary>Release a booking's nodes from <paramref name="From"/> on (null: all of it).</summary>
public record ReleaseNodes(Guid BookingId, DateTimeOffset? From, string Reason);
public record NodesReleased(Guid BookingId, string Reason);

// Paged reads for other services: the allocation service's projection rebuild and settlement's reconciliation.
public record GetClusterSnapshot(int Limit, string? Cursor);
public record HoldRecord(Guid BookingId, Guid ClusterId, Guid ProviderId, IReadOnlyList<int> NodeIndexes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status,
    decimal? NodeHours = null);
public record ListHolds(DateTimeOffset From, DateTimeOffset To, int Limit, string? Cursor);
public record HoldPage(IReadOnlyList<HoldRecord> Items, string? NextCursor);
