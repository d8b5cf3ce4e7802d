using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Database;

namespace Marketplace.Settlement.Bookings;

/// <summary>An outage's change to a booking as money sees it: GPU-hours credited, or hours now carried (and paid) by another provider.</summary>
public sealed record OutageChange(string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal GpuHours, Guid FromProvider, Guid? ToProvider);

public static class OutageChanges
{
    public static Task RecordAsync(UnitOfWork uow, Guid bookingId, Guid outageId, BookingChange change, Guid fromProvider, Guid? toProvider) =>
        uow.ExecuteAsync(
            """
            insert into outage_changes (booking_id, outage_id, kind, starts_at, ends_at, gpu_hours, from_provider, to_provider)
            values (@bookingId, @outageId, @Kind, @StartsAt, @EndsAt, @GpuHours, @fromProvider, @toProvider)
            on conflict do nothing
            """, new { bookingId, outageId, change.Kind, change.StartsAt, change.EndsAt, change.GpuHours, fromProvider, toProvider });

    public static async Task<ILookup<Guid, OutageChange>> OfAsync(UnitOfWork uow, IReadOnlyCollection<Guid> bookingIds) =>
        (await uow.QueryAsync<(Guid BookingId, string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal GpuHours, Guid FromProvider, Guid? ToProvider)>(
            "select booking_id, kind, starts_at, ends_at, gpu_hours, from_provider, to_provider from outage_changes where booking_id = any(@ids) order by starts_at",
            new { ids = bookingIds.ToArray() }))
        .ToLookup(r => r.BookingId, r => new OutageChange(r.Kind, r.StartsAt, r.EndsAt, r.GpuHours, r.FromProvider, r.ToProvider));
}
