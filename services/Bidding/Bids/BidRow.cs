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

    /// <summary>
    /// The bid as its placement was answered (open, nothing decided yet, created and updated in the same transaction):
    /// what a retry under its Idempotency-Key replays, however the bid has moved since (API.md: the first answer).
    /// </summary>
    public BidView AsPlaced() => ToView() with
    {
        Status = "open", BookingId = null, PricePerGpuHour = null, UpdatedAt = CreatedAt, LastDecision = null,
    };
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

    /// <summary>One bid's move in <see cref="TransitionAsync(UnitOfWork, BiddingMetrics, IReadOnlyList{BidMove})"/>.</summary>
    public sealed record BidMove(Guid Id, string Status, string Detail, Guid? BookingId = null, decimal? Price = null);

    /// <summary>The single-bid form of the one place a bid changes status.</summary>
    public static async Task<BidRow> TransitionAsync(UnitOfWork uow, BiddingMetrics metrics, Guid id, string status, string detail,
        Guid? bookingId = null, decimal? price = null) =>
        (await TransitionAsync(uow, metrics, [new BidMove(id, status, detail, bookingId, price)]))[0];

    /// <summary>
    /// The one place a bid changes status: the rows, their history and the events move together (for a win, the award
    /// step's answer; the expiries as one <see cref="BidsExpired"/>), in one statement for any number of bids. Only an open bid moves (open → won | cancelled |
    /// expired); callers decide under the row locks (taken in id order), and asking to move a bid that is not open, or
    /// the same bid twice, is a bug, so it throws rather than rewrite a settled bid.
    /// </summary>
    /// <returns>The moved rows, in the order of <paramref name="moves"/>.</returns>
    public static async Task<IReadOnlyList<BidRow>> TransitionAsync(UnitOfWork uow, BiddingMetrics metrics, IReadOnlyList<BidMove> moves)
    {
        if (moves.Count == 0) return [];
        foreach (var move in moves)
            if (move.Status is not ("won" or "cancelled" or "expired"))
                throw new ArgumentOutOfRangeException(nameof(moves), move.Status, "bids move from open to won, cancelled or expired");
        // The rows and their history rows in one statement. The moves' columns are named apart from the table's, so the
        // table's column list can be returned unqualified.
        var rows = (await uow.QueryAsync<BidRow>(
            $"""
            with moving as (
                select * from unnest(@ids, @statuses, @details, @bookingIds, @prices)
                    as m(move_id, new_status, move_detail, new_booking_id, new_price)),
            moved as (
                update bids set status = m.new_status, booking_id = coalesce(m.new_booking_id, booking_id),
                                price = coalesce(m.new_price, price), updated_at = now()
                from moving m where id = m.move_id and status = 'open'
                returning {Columns}, m.move_detail),
            history as (insert into bid_history (bid_id, status, detail) select id, status, move_detail from moved)
            select {Columns} from moved
            """,
            new
            {
                ids = moves.Select(m => m.Id).ToArray(), statuses = moves.Select(m => m.Status).ToArray(),
                details = moves.Select(m => m.Detail).ToArray(), bookingIds = moves.Select(m => m.BookingId).ToArray(),
                prices = moves.Select(m => m.Price).ToArray(),
            })).ToDictionary(r => r.Id);
        var result = new List<BidRow>(moves.Count);
        var expired = new List<BidExpired>();
        foreach (var move in moves)
        {
            if (!rows.Remove(move.Id, out var row))
                throw new InvalidOperationException($"Bid {move.Id} is not open (or is moved twice): it cannot become {move.Status}");
            metrics.BidClosed(uow, move.Status);
            // A win is told by the award's answer (BidAwarded, or one AwardsAnswered for a round's batch): that answer is
            // the booking workflow's next step, so it is published by the award step that knows which form it takes.
            switch (move.Status)
            {
                case "cancelled": await uow.PublishAsync(new BidCancelled(move.Id)); break;
                case "expired": expired.Add(new BidExpired(move.Id, row.TenantId)); break;
            }
            result.Add(row);
        }
        // A sweep's expiries in one event (the sweeper moves up to 200 at once).
        if (expired.Count > 0) await uow.PublishAsync(new BidsExpired(expired));
        return result;
    }
}
