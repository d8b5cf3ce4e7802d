using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Bidding.Bids;

public sealed class BidRow
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public string GpuModel { get; init; } = "";
    public int GpuCount { get; init; }
    public int DurationHours { get; init; }
    public DateTimeOffset EarliestStart { get; init; }
    public DateTimeOffset LatestStart { get; init; }
    public string[] Regions { get; init; } = [];
    public string? InterconnectKind { get; init; }
    public int? MinGbpsPerNode { get; init; }
    public decimal MaxPrice { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public string Status { get; init; } = "";
    public Guid? BookingId { get; init; }
    public decimal? Price { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? LastDecisionAt { get; init; }
    public string? LastDecisionReason { get; init; }

    public BidView ToView() => new(Id, TenantId, GpuModel, GpuCount, DurationHours, EarliestStart, LatestStart, Regions,
        InterconnectKind is null && MinGbpsPerNode is null ? null : new InterconnectRequirement(InterconnectKind, MinGbpsPerNode),
        MaxPrice, ExpiresAt, Status, BookingId, Price, CreatedAt, UpdatedAt,
        LastDecisionAt is { } at && LastDecisionReason is { } reason ? new BidDecision(at, reason) : null);
}

public static class Bids
{
    public const string Columns = """
        id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions, interconnect_kind,
        min_gbps_per_node, max_price, expires_at, status, booking_id, price, created_at, updated_at, last_decision_at,
        last_decision_reason
        """;

    /// <summary>A tenant sees its own bids, an admin all; anyone else's id is "not found".</summary>
    public static bool CanSee(Caller caller, BidRow bid) =>
        caller.Role == Roles.Admin || caller.Role == Roles.Tenant && bid.TenantId == caller.OrganizationId;

    /// <summary>A bid can be matched until the earlier of its expiresAt and its latestStart; from then on it is expired.</summary>
    public static DateTimeOffset Deadline(BidRow bid) => bid.ExpiresAt < bid.LatestStart ? bid.ExpiresAt : bid.LatestStart;

    public static bool IsPastDeadline(BidRow bid, DateTimeOffset now) => Deadline(bid) <= now;

    public static Task<BidRow?> LoadAsync(UnitOfWork uow, Guid id, bool forUpdate = false) =>
        uow.QuerySingleOrDefaultAsync<BidRow>($"select {Columns} from bids where id = @id{(forUpdate ? " for update" : "")}", new { id });

    /// <summary>
    /// The one place a bid changes status: the row, its history and the event move together (for a win, the award step's answer). Only an open bid moves
    /// (open → won | cancelled | expired); callers decide under the row lock, and asking to move a bid that is not open
    /// is a bug, so it throws rather than rewrite a settled bid.
    /// </summary>
    public static async Task<BidRow> TransitionAsync(UnitOfWork uow, BiddingMetrics metrics, Guid id, string status, string detail,
        Guid? bookingId = null, decimal? price = null)
    {
        if (status is not ("won" or "cancelled" or "expired"))
            throw new ArgumentOutOfRangeException(nameof(status), status, "bids move from open to won, cancelled or expired");
        // The row and its history row in one statement (one round trip per bid in a round's batch of awards).
        var row = await uow.QuerySingleOrDefaultAsync<BidRow>(
            $"""
            with moved as (
                update bids set status = @status, booking_id = coalesce(@bookingId, booking_id), price = coalesce(@price, price), updated_at = now()
                where id = @id and status = 'open' returning {Columns}),
            history as (insert into bid_history (bid_id, status, detail) select id, @status, @detail from moved)
            select {Columns} from moved
            """, new { id, status, detail, bookingId, price })
            ?? throw new InvalidOperationException($"Bid {id} is not open: it cannot become {status}");
        metrics.BidClosed(uow, status);
        // A win is told by the award's answer (BidAwarded, or one AwardsAnswered for a round's batch): that answer is
        // the booking workflow's next step, so it is published by the award step that knows which form it takes.
        switch (status)
        {
            case "cancelled": await uow.PublishAsync(new BidCancelled(id)); break;
            case "expired": await uow.PublishAsync(new BidExpired(id, row.TenantId)); break;
        }
        return row;
    }
}
