namespace Marketplace.Contracts.Inventory;

// Outages (API.md "Outages, events and webhooks"): a provider (or an admin) takes nodes out of the market for a period.
// Inventory owns the outage and its nodes' calendar; allocation decides what happens to each booking it hit and reports
// the effects back (BookingMoved / BookingCredited), which inventory keeps with the outage.

/// <summary>What an outage did to one booking: its remaining hours moved (to other nodes or another cluster), or credited.</summary>
public record OutageEffect(Guid BookingId, string Action, decimal GpuHours, decimal Amount, Guid? ToClusterId);

public record OutageView(
    Guid Id, Guid ClusterId, IReadOnlyList<int> NodeIndexes, DateTimeOffset From, DateTimeOffset? Until, string Reason,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, IReadOnlyList<OutageEffect> Effects);
public record OutagePage(IReadOnlyList<OutageView> Items, string? NextCursor);

// Requests from the gateway.
public record ReportOutage(Caller Caller, Guid OutageId, Guid ClusterId, IReadOnlyList<int>? NodeIndexes, DateTimeOffset From,
    DateTimeOffset? Until, string Reason);
public record ListOutages(Caller Caller, Guid ClusterId, int Limit, string? Cursor);
public record EndOutage(Caller Caller, Guid OutageId, DateTimeOffset At);

/// <summary>
/// Events: the nodes of the outage leave the market (reported) or come back from <c>Until</c> on (ended). Allocation
/// counts them as occupied; GpuModel lets it file them under the right market without asking.
/// </summary>
public record OutageReported(OutageView Outage, string GpuModel, Guid ProviderId, int GpusPerNode);
public record OutageEnded(OutageView Outage, string GpuModel);

/// <summary>
/// One booking hit by an outage, published in the outage's transaction. Inventory has already taken the outage's nodes
/// from the booking over the outage and tried to give it other free nodes of the same cluster for the hours still to
/// come: <paramref name="MovedWithinCluster"/> says whether it could. Hours before <paramref name="MovableFrom"/> were lost
/// (the outage began in the past or in the current hour); <paramref name="MovableFrom"/>–<paramref name="MovableUntil"/>
/// is the future part (empty when equal). Allocation moves or credits what inventory could not replace.
/// <paramref name="PastNodeHours"/> and <paramref name="FutureNodeHours"/> are the exact node-hours lost before and from
/// <paramref name="MovableFrom"/> (a booking's rows may cover different periods per node); null in messages from before
/// they were added, when <paramref name="NodesLost"/> over the period is meant.
/// </summary>
public record BookingNodesLost(
    Guid OutageId, Guid BookingId, Guid ClusterId, Guid ProviderId, int NodesLost, int GpusPerNode,
    DateTimeOffset LostFrom, DateTimeOffset MovableFrom, DateTimeOffset MovableUntil, bool MovedWithinCluster, DateTimeOffset At,
    decimal? PastNodeHours = null, decimal? FutureNodeHours = null);

/// <summary>
/// Allocation asks inventory to move a booking's whole gang from <paramref name="From"/> on to the first candidate
/// cluster that has <c>NodeCount</c> free nodes (candidates in allocation's order of preference), in one transaction:
/// the new nodes are taken before the old ones are released, so the booking is never without nodes.
/// </summary>
public record MoveBooking(Guid OutageId, Guid BookingId, Guid FromClusterId, DateTimeOffset From, DateTimeOffset Until,
    IReadOnlyList<MoveCandidate> Candidates);
public record MoveCandidate(Guid ClusterId, int NodeCount);
/// <summary>The answer: moved to <paramref name="ToClusterId"/>, or (null) no candidate had the nodes.</summary>
public record BookingMoveAnswered(Guid OutageId, Guid BookingId, Guid? ToClusterId, IReadOnlyList<int> NodeIndexes, string? Refusal);
