namespace Marketplace.Contracts.Bidding;

public record InterconnectRequirement(string? Kind, int? MinGbpsPerNode);

public record BidView(
    Guid Id, Guid TenantId, string GpuModel, int GpuCount, int DurationHours,
    DateTimeOffset EarliestStart, DateTimeOffset LatestStart, IReadOnlyList<string> Regions,
    InterconnectRequirement? Interconnect, decimal MaxPricePerGpuHour, DateTimeOffset ExpiresAt,
    string Status, Guid? BookingId, decimal? PricePerGpuHour, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    BidDecision? LastDecision = null);

/// <summary>The latest market round's reason for a bid (API.md lastDecision): why it is still open, or what it won.</summary>
public record BidDecision(DateTimeOffset At, string Reason);

public record BidPage(IReadOnlyList<BidView> Items, string? NextCursor);

// Requests from the gateway.
public record PlaceBid(
    Caller Caller, Guid BidId, string GpuModel, int GpuCount, int DurationHours,
    DateTimeOffset EarliestStart, DateTimeOffset LatestStart, IReadOnlyList<string> Regions,
    InterconnectRequirement? Interconnect, decimal MaxPricePerGpuHour, DateTimeOffset? ExpiresAt,
    PlacementKey? Key = null);
/// <summary>
/// A placement's Idempotency-Key and the hash of its request (method, path and canonical body), kept by bidding with
/// the bid it placed (docs/decisions/0014): the same key and hash answer that bid as first placed; another hash is 422.
/// </summary>
public record PlacementKey(string Key, byte[] RequestHash);
/// <summary>
/// The placements a gateway received together, in one request (issue 11): answered by one <see cref="PlaceBidsAnswered"/>
/// with an outcome per item, in order. Each item keeps its own caller; the message is signed over all of them.
/// The gateway sends it straight to a bidding instance over HTTP when one answers (docs/decisions/0016), the same
/// batch as JSON at <see cref="DirectPath"/>, signed over its body; through the broker otherwise.
/// </summary>
public record PlaceBids(IReadOnlyList<PlaceBid> Items)
{
    /// <summary>Bidding's endpoint for a batch sent straight to it: POST, the batch as JSON, answered PlaceBidsAnswered.</summary>
    public const string DirectPath = "/internal/place-bids";
}
/// <summary>
/// What <see cref="PlaceBid"/> alone would answer: the bid (new, or placed before with that id or key), or the problem.
/// <paramref name="Replayed"/>: the bid is the first answer to the placement's Idempotency-Key, replayed.
/// </summary>
public record PlaceBidOutcome(BidView? Bid, Problem? Problem, bool Replayed = false);
/// <summary>
/// A placement whose body no longer passes the rules, sent with an Idempotency-Key: what the key answers, as a retry of
/// a placement made before (its start may have gone by since). Answered by a <see cref="PlaceBidOutcome"/>: the bid
/// replayed, 422 for another body, or neither when the key placed nothing.
/// </summary>
public record FindPlacement(Caller Caller, PlacementKey Key);
public record PlaceBidsAnswered(IReadOnlyList<PlaceBidOutcome> Outcomes);
public record GetBid(Caller Caller, Guid BidId);
public record ListBids(Caller Caller, string? Status, int Limit, string? Cursor);
public record CancelBid(Caller Caller, Guid BidId);

// Events, for the allocation service's view of open bids.
/// <summary>One bid placed: what bidding published before <see cref="BidsPlaced"/>; still consumed, for a rolling upgrade.</summary>
public record BidPlaced(BidView Bid);
/// <summary>
/// The bids one placement transaction opened, in one event (issue 11): placements arrive together under load, and one
/// message per transaction instead of one per bid spares an outbox row, a publish and a delivery per bid.
/// </summary>
public record BidsPlaced(IReadOnlyList<BidView> Bids);
public record BidCancelled(Guid BidId);
/// <summary>
/// One bid expired: what bidding published before <see cref="BidsExpired"/>; still consumed, for a rolling upgrade.
/// TenantId: who to tell (events); absent (empty) in messages published before it was added.
/// </summary>
public record BidExpired(Guid BidId, Guid TenantId = default);
/// <summary>
/// The bids one transaction expired (a sweep takes up to 200), in one event: every bid that does not win expires, so
/// one message per sweep instead of one per bid spares a publish and a delivery per bid in each consumer.
/// </summary>
public record BidsExpired(IReadOnlyList<BidExpired> Bids);
public record BidAwarded(Guid BidId, Guid BookingId, decimal PricePerGpuHour, Guid TenantId = default);

// Booking workflow.
public record AwardBid(Guid BidId, Guid BookingId, decimal PricePerGpuHour);
public record BidAwardRefused(Guid BidId, Guid BookingId, string Reason);
/// <summary>A round's awards in one command and one transaction, answered by one <see cref="AwardsAnswered"/>.</summary>
public record AwardBidBatch(IReadOnlyList<AwardBid> Items);
public record AwardsAnswered(IReadOnlyList<BidAwarded> Awarded, IReadOnlyList<BidAwardRefused> Refused);

// Paged read for settlement's reconciliation: every awarded bid.
public record ListAwards(int Limit, string? Cursor);
public record AwardRecord(Guid BidId, Guid TenantId, Guid BookingId, decimal PricePerGpuHour, DateTimeOffset AwardedAt);
public record AwardPage(IReadOnlyList<AwardRecord> Items, string? NextCursor);
