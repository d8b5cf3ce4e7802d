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
    public static async Task<BookingCopy> EnsureAsync(UnitOfWork uow, BookingView b, decimal feeRate) =>
        (await EnsureManyAsync(uow, [b], feeRate))[0];

    /// <summary>
    /// <see cref="EnsureAsync"/> for many bookings in one round trip: a first copy is inserted (and so locked by this
    /// transaction); a later one becomes a no-op update of the stored row, which locks it as "for update" would and
    /// returns it unchanged. Rows are taken in id order, so two batches sharing bookings cannot deadlock.
    /// </summary>
    /// <returns>The stored copies, in id order, one per distinct booking.</returns>
    public static async Task<IReadOnlyList<BookingCopy>> EnsureManyAsync(UnitOfWork uow, IReadOnlyCollection<BookingView> views, decimal feeRate)
    {
        var bs = views.DistinctBy(b => b.Id).OrderBy(b => b.Id).ToList();
        var stored = await uow.QueryAsync<BookingCopy>(
            """
            insert into bookings (id, bid_id, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count, starts_at, ends_at,
                                  price, total_price, fee_rate, booked_at)
            select id, bid_id, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count, starts_at, ends_at,
                   price, total_price, @feeRate, booked_at
            from unnest(@ids, @bidIds, @tenants, @providers, @clusters, @models, @nodeCounts, @gpuCounts, @starts, @ends,
                        @prices, @totals, @bookedAt) with ordinality
                 as b(id, bid_id, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count, starts_at, ends_at,
                      price, total_price, booked_at, n)
            order by n
            on conflict (id) do update set id = bookings.id
            returning *
            """,
            new
            {
                feeRate,
                ids = bs.Select(b => b.Id).ToArray(), bidIds = bs.Select(b => b.BidId).ToArray(),
                tenants = bs.Select(b => b.TenantId).ToArray(), providers = bs.Select(b => b.ProviderId).ToArray(),
                clusters = bs.Select(b => b.ClusterId).ToArray(), models = bs.Select(b => b.GpuModel).ToArray(),
                nodeCounts = bs.Select(b => b.NodeCount).ToArray(), gpuCounts = bs.Select(b => b.GpuCount).ToArray(),
                starts = bs.Select(b => b.StartsAt).ToArray(), ends = bs.Select(b => b.EndsAt).ToArray(),
                prices = bs.Select(b => b.PricePerGpuHour).ToArray(), totals = bs.Select(b => b.TotalPrice).ToArray(),
                bookedAt = bs.Select(b => b.CreatedAt).ToArray(),
            });
        return stored.OrderBy(b => b.Id).ToList();
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
