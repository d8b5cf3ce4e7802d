using Marketplace.Allocation.Bookings;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.MarketData;

/// <summary>
/// The clearing-price series (migration 0006): written only here, from the transaction that confirms bookings, so every
/// confirmed booking is in it exactly once (a tick per booking id) and the hourly rollup moves with it.
/// </summary>
public static class PriceSeries
{
    /// <summary>Records the bookings just confirmed, at this transaction's time (their confirmation time).</summary>
    public static Task RecordAsync(UnitOfWork uow, IReadOnlyList<BookingRow> confirmed) =>
        confirmed.Count == 0 ? Task.CompletedTask : RecordAsync(uow, confirmed.Select(b => new Tick(b.Id, b.ClusterId, null,
            b.Price, b.GpuCount * (decimal)(b.EndsAt - b.StartsAt).TotalHours)).ToList());

    /// <summary>A confirmed booking's price; <see cref="At"/> null means now (the transaction's time).</summary>
    public sealed record Tick(Guid BookingId, Guid ClusterId, DateTimeOffset? At, decimal Price, decimal GpuHours);

    /// <summary>
    /// Inserts the ticks (a booking already recorded is skipped) and folds the new ones into the hourly rollup, for its
    /// region and for all regions. Rows are upserted in key order, so concurrent confirmations of the same hours queue
    /// on each row instead of deadlocking; each upsert adds to the row as committed, so none is lost.
    /// </summary>
    public static Task RecordAsync(UnitOfWork uow, IReadOnlyList<Tick> ticks) => uow.ExecuteAsync(
        """
        with new as (
            insert into price_ticks (booking_id, gpu_model, region, at, price, gpu_hours)
            select t.booking_id, c.gpu_model, c.region, coalesce(t.at, now()), t.price, t.gpu_hours
            from unnest(@bookingIds, @clusterIds, @ats, @prices, @gpuHours) as t(booking_id, cluster_id, at, price, gpu_hours)
            join clusters c on c.id = t.cluster_id
            on conflict (booking_id) do nothing
            returning *),
        hours as (
            select n.gpu_model, r.region, date_trunc('hour', n.at, 'UTC') as hour,
                   min(n.at) as open_at, (array_agg(n.price order by n.at, n.booking_id))[1] as open,
                   max(n.at) as close_at, (array_agg(n.price order by n.at desc, n.booking_id desc))[1] as close,
                   max(n.price) as high, min(n.price) as low, sum(n.price * n.gpu_hours) as value,
                   sum(n.gpu_hours) as gpu_hours, count(*) as bookings
            from new n cross join lateral (values (n.region), ('')) as r(region)
            group by n.gpu_model, r.region, date_trunc('hour', n.at, 'UTC'))
        insert into price_hours as h (gpu_model, region, hour, open_at, open, close_at, close, high, low, value, gpu_hours, bookings)
        select gpu_model, region, hour, open_at, open, close_at, close, high, low, value, gpu_hours, bookings
        from hours order by gpu_model, region, hour
        on conflict (gpu_model, region, hour) do update set
            open = case when excluded.open_at < h.open_at then excluded.open else h.open end,
            open_at = least(h.open_at, excluded.open_at),
            close = case when excluded.close_at >= h.close_at then excluded.close else h.close end,
            close_at = greatest(h.close_at, excluded.close_at),
            high = greatest(h.high, excluded.high),
            low = least(h.low, excluded.low),
            value = h.value + excluded.value,
            gpu_hours = h.gpu_hours + excluded.gpu_hours,
            bookings = h.bookings + excluded.bookings
        """,
        new
        {
            bookingIds = ticks.Select(t => t.BookingId).ToArray(),
            clusterIds = ticks.Select(t => t.ClusterId).ToArray(),
            ats = ticks.Select(t => t.At).ToArray(),
            prices = ticks.Select(t => t.Price).ToArray(),
            gpuHours = ticks.Select(t => t.GpuHours).ToArray(),
        });
}
