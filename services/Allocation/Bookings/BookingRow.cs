using Marketplace.Contracts;
using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

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

    /// <summary>The API's status follows the clock; the workflow's states before the award are not shown.</summary>
    public string StatusAt(DateTimeOffset now) =>
        State == "cancelled" ? "cancelled" : now < StartsAt ? "scheduled" : now < EndsAt ? "active" : "completed";

    public BookingView ToView(DateTimeOffset now) => new(Id, BidId, TenantId, ProviderId, ClusterId, GpuModel, NodeCount, GpuCount,
        StartsAt, EndsAt, Price, TotalPrice, StatusAt(now), CreatedAt);
}

public static class Bookings
{
    /// <summary>States a client sees: awarded (confirming or confirmed) or cancelled. Holding, awarding and void are internal.</summary>
    public const string VisibleStates = "('confirming', 'confirmed', 'cancelled')";

    /// <summary>
    /// By id, a booking is also found while "awarding": bidding may already show the bid won (its event is on the way
    /// here), and a client following the bid's bookingId must find the booking. A refused award is never shown by a bid.
    /// </summary>
    public const string VisibleByIdStates = "('awarding', 'confirming', 'confirmed', 'cancelled')";

    public static bool CanSee(Caller caller, BookingRow booking) => caller.Role switch
    {
        Roles.Admin => true,
        Roles.Tenant => booking.TenantId == caller.OrganizationId,
        Roles.Provider => booking.ProviderId == caller.OrganizationId,
        _ => false,
    };

    public static Task<BookingRow?> LoadAsync(UnitOfWork uow, Guid id, bool forUpdate = false) =>
        uow.QuerySingleOrDefaultAsync<BookingRow>($"select * from bookings where id = @id{(forUpdate ? " for update" : "")}", new { id });

    /// <summary>Moves the workflow on only from the expected state (optimistic: the version must still match).</summary>
    public static async Task<BookingRow?> TransitionAsync(UnitOfWork uow, BookingRow booking, string to, string? reason = null, int[]? nodes = null) =>
        await uow.QuerySingleOrDefaultAsync<BookingRow>(
            """
            update bookings set state = @to, state_reason = coalesce(@reason, state_reason), node_indexes = coalesce(@nodes, node_indexes),
                   version = version + 1, updated_at = now()
            where id = @Id and version = @Version returning *
            """, new { booking.Id, booking.Version, to, reason, nodes });
}
