using Marketplace.Contracts;
using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using System.Text.Json;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;

namespace Marketplace.Allocation.Bookings;

public sealed class BookingRow
{
    public Guid Id { get; init; }
    public Guid BidId { get; init; }
    public long RoundId { get; init; }
    public Guid TenantId { get; init; }
    public Guid ProviderId { get; init; }
    public Guid ClusterId { get; init; }
    public string GpuModel { get; init; } = "";
    public int NodeCount { get; init; }
    public int GpuCount { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public decimal Price { get; init; }
    public decimal TotalPrice { get; init; }
    public string State { get; init; } = "";
    public int[]? NodeIndexes { get; init; }
    public DateTimeOffset? ReleasedFrom { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>JSON array of <see cref="BookingChange"/>, oldest first; null while no outage changed the booking.</summary>
    public string? Changes { get; init; }
    /// <summary>Providers of clusters the booking was moved to: they see it as well as the first.</summary>
    public Guid[] OtherProviders { get; init; } = [];

    public IReadOnlyList<BookingChange> ChangeList() =>
        Changes is null ? [] : JsonSerializer.Deserialize<List<BookingChange>>(Changes, MessageTypes.Json) ?? [];

    /// <summary>Where the booking's nodes are over its life (Domain <see cref="BookingSegments"/>), cut where a cancellation released them.</summary>
    public IReadOnlyList<BookingSegment> Segments() => BookingSegments.Of(ClusterId, NodeCount, StartsAt, EndsAt,
        ChangeList().Select(c => new SegmentChange(c.Kind, c.ClusterId, c.FromClusterId, c.NodeCount, c.StartsAt, c.EndsAt)), ReleasedFrom);

    /// <summary>The API's status follows the clock; the workflow's states before the award are not shown.</summary>
    public string StatusAt(DateTimeOffset now) =>
        State == "cancelled" ? "cancelled" : now < StartsAt ? "scheduled" : now < EndsAt ? "active" : "completed";

    public BookingView ToView(DateTimeOffset now) => new(Id, BidId, TenantId, ProviderId, ClusterId, GpuModel, NodeCount, GpuCount,
        StartsAt, EndsAt, Price, TotalPrice, StatusAt(now), CreatedAt, Changes is null ? [] : ChangeList());
}

/// <summary>A move of one booking: to which state, why, and what the move records (nodes held, a cancellation).</summary>
public sealed record BookingTransition(BookingRow Booking, string To, string? Reason = null, IReadOnlyList<int>? Nodes = null,
    BookingCancellation? Cancellation = null);

/// <summary>From when the nodes are free again, when and by whom a booking was cancelled.</summary>
public sealed record BookingCancellation(DateTimeOffset ReleasedFrom, DateTimeOffset At, string By);

public static class Bookings
{
    public static readonly string VisibleStates = SqlList(BookingStates.Visible);
    public static readonly string VisibleByIdStates = SqlList(BookingStates.VisibleById);

    private static string SqlList(IEnumerable<string> states) => $"({string.Join(", ", states.Select(s => $"'{s}'"))})";

    public static bool CanSee(Caller caller, BookingRow booking) => caller.Role switch
    {
        Roles.Admin => true,
        Roles.Tenant => booking.TenantId == caller.OrganizationId,
        Roles.Provider => booking.ProviderId == caller.OrganizationId || booking.OtherProviders.Contains(caller.OrganizationId),
        _ => false,
    };

    public static Task<BookingRow?> LoadAsync(UnitOfWork uow, Guid id, bool forUpdate = false) =>
        uow.QuerySingleOrDefaultAsync<BookingRow>($"select * from bookings where id = @id{(forUpdate ? " for update" : "")}", new { id });

    /// <summary>Several bookings, locked in id order (every batch locks that way, so two batches never deadlock).</summary>
    public static async Task<Dictionary<Guid, BookingRow>> LoadForUpdateAsync(UnitOfWork uow, IEnumerable<Guid> ids)
    {
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0) return [];
        return (await uow.QueryAsync<BookingRow>("select * from bookings where id = any(@distinct) order by id for update", new { distinct }))
            .ToDictionary(b => b.Id);
    }

    /// <summary>
    /// The one place a booking changes state: every move is checked against <see cref="BookingStates.AllowedFrom"/>
    /// (a move it does not allow is a bug and throws), and all of them are written in one statement, each only if the
    /// booking still has the version it was read with. Returns the bookings as they are now, for the moves that happened.
    /// </summary>
    public static async Task<IReadOnlyList<BookingRow>> TransitionAsync(UnitOfWork uow, IReadOnlyList<BookingTransition> moves)
    {
        if (moves.Count == 0) return [];
        foreach (var m in moves)
            if (!BookingStates.CanMove(m.Booking.State, m.To))
                throw new InvalidOperationException($"Booking {m.Booking.Id} cannot move from {m.Booking.State} to {m.To}");
        return (await uow.QueryAsync<BookingRow>(
            """
            update bookings b set state = m.state, state_reason = coalesce(m.reason, b.state_reason),
                   node_indexes = coalesce(m.nodes::int[], b.node_indexes),
                   released_from = coalesce(m.released_from, b.released_from), cancelled_at = coalesce(m.cancelled_at, b.cancelled_at),
                   cancelled_by = coalesce(m.cancelled_by, b.cancelled_by), version = b.version + 1, updated_at = now()
            from unnest(@ids, @versions, @states, @reasons, @nodes, @releasedFrom, @cancelledAt, @cancelledBy)
                 as m(id, version, state, reason, nodes, released_from, cancelled_at, cancelled_by)
            where b.id = m.id and b.version = m.version
            returning b.*
            """,
            new
            {
                ids = moves.Select(m => m.Booking.Id).ToArray(),
                versions = moves.Select(m => m.Booking.Version).ToArray(),
                states = moves.Select(m => m.To).ToArray(),
                reasons = moves.Select(m => m.Reason).ToArray(),
                nodes = moves.Select(m => ArrayLiterals.Of(m.Nodes)).ToArray(),
                releasedFrom = moves.Select(m => m.Cancellation?.ReleasedFrom).ToArray(),
                cancelledAt = moves.Select(m => m.Cancellation?.At).ToArray(),
                cancelledBy = moves.Select(m => m.Cancellation?.By).ToArray(),
            })).ToList();
    }

    /// <summary>
    /// Appends what an outage changed (not a state change: a confirmed booking stays confirmed) and lets the provider of a
    /// cluster it moved to see it. The update stamps changed_xid, so rounds read the booking's new segments.
    /// </summary>
    public static Task<BookingRow> RecordChangesAsync(UnitOfWork uow, BookingRow booking, IReadOnlyList<BookingChange> changes, Guid? newProvider) =>
        uow.QuerySingleAsync<BookingRow>(
            """
            update bookings set changes = coalesce(changes, '[]'::jsonb) || @changes::jsonb,
                   other_providers = case when @newProvider::uuid is null or @newProvider = provider_id or @newProvider = any(other_providers)
                                          then other_providers else other_providers || @newProvider::uuid end,
                   version = version + 1, updated_at = now()
            where id = @id returning *
            """, new { id = booking.Id, changes = JsonSerializer.Serialize(changes, MessageTypes.Json), newProvider });

    public static async Task<BookingRow?> TransitionAsync(UnitOfWork uow, BookingTransition move) =>
        (await TransitionAsync(uow, [move])).SingleOrDefault();
}
