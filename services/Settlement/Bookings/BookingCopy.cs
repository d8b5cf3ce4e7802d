using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Database;

namespace Marketplace.Settlement.Bookings;

/// <summary>Settlement's own copy of a confirmed booking, with the fee rate it was charged at and its cancellation terms.</summary>
public sealed class BookingCopy
{
    public Guid Id { get; init; }
    public Guid BidId { get; init; }
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
    public decimal FeeRate { get; init; }
    public DateTimeOffset BookedAt { get; init; }
    public DateTimeOffset ConfirmedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancelledBy { get; init; }
    public DateTimeOffset? RefundFrom { get; init; }
    public decimal? RefundFraction { get; init; }

    public bool IsCancelled => CancelledAt is not null;

    /// <summary>The hours the booking still covers: all of them, or up to the release point of its cancellation.</summary>
    public DateTimeOffset BookedUntil => RefundFrom is { } from && from < EndsAt ? (from < StartsAt ? StartsAt : from) : EndsAt;
}

public static class BookingCopies
{
    public static Task<BookingCopy?> LoadAsync(UnitOfWork uow, Guid id, bool forUpdate = false) =>
        uow.QuerySingleOrDefaultAsync<BookingCopy>($"select * from bookings where id = @id{(forUpdate ? " for update" : "")}", new { id });

    /// <summary>Records the booking (once; a later copy of the same booking changes nothing) and returns the stored copy, locked.</summary>
    public static Task<BookingCopy> EnsureAsync(UnitOfWork uow, BookingView b, decimal feeRate)
    {
        // One round trip: a first copy is inserted (and so locked by this transaction); a later one becomes a no-op
        // update of the stored row, which locks it as "for update" would and returns it unchanged.
        return uow.QuerySingleAsync<BookingCopy>(
            """
            insert into bookings (id, bid_id, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count, starts_at, ends_at,
                                  price, total_price, fee_rate, booked_at)
            values (@Id, @BidId, @TenantId, @ProviderId, @ClusterId, @GpuModel, @NodeCount, @GpuCount, @StartsAt, @EndsAt,
                    @PricePerGpuHour, @TotalPrice, @feeRate, @CreatedAt)
            on conflict (id) do update set id = bookings.id
            returning *
            """,
            new
            {
                b.Id, b.BidId, b.TenantId, b.ProviderId, b.ClusterId, b.GpuModel, b.NodeCount, b.GpuCount, b.StartsAt, b.EndsAt,
                b.PricePerGpuHour, b.TotalPrice, feeRate, b.CreatedAt,
            });
    }

    /// <summary>Records the cancellation terms the first time; returns the copy as it now stands.</summary>
    public static async Task<BookingCopy> RecordCancellationAsync(UnitOfWork uow, BookingCancelled m)
    {
        await uow.ExecuteAsync(
            """
            update bookings set cancelled_at = @CancelledAt, cancelled_by = @CancelledBy, refund_from = @RefundFrom, refund_fraction = @RefundFraction
            where id = @id and cancelled_at is null
            """, new { id = m.Booking.Id, m.CancelledAt, m.CancelledBy, m.RefundFrom, m.RefundFraction });
        return (await LoadAsync(uow, m.Booking.Id))!;
    }
}
