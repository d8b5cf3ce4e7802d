using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Inventory.Outages;

/// <summary>
/// Allocation reports what it did with each booking an outage hit; the outage keeps it as its effects (API.md). Each
/// (outage, booking, action) is kept once, whatever is redelivered. (Consumer names are queue names: unique across services.)
/// </summary>
public sealed class OutageMoveEffectConsumer(Db db) : TransactionalConsumer<BookingMoved>(db)
{
    protected override Task Handle(ConsumeContext<BookingMoved> context, UnitOfWork uow) =>
        OutageEffects.RecordAsync(uow, context.Message.OutageId, context.Message.Booking.Id, "moved", context.Message.Change,
            context.Message.Change.ClusterId);
}

public sealed class OutageCreditEffectConsumer(Db db) : TransactionalConsumer<BookingCredited>(db)
{
    protected override Task Handle(ConsumeContext<BookingCredited> context, UnitOfWork uow) =>
        OutageEffects.RecordAsync(uow, context.Message.OutageId, context.Message.Booking.Id, "credited", context.Message.Change, null);
}

public static class OutageEffects
{
    public static Task RecordAsync(UnitOfWork uow, Guid outageId, Guid bookingId, string action, BookingChange change, Guid? toClusterId) =>
        uow.ExecuteAsync(
            """
            insert into outage_effects (outage_id, booking_id, action, gpu_hours, amount, to_cluster_id, starts_at, at)
            select @outageId, @bookingId, @action, @GpuHours, @Amount, @toClusterId, @StartsAt, @At
            where exists (select 1 from outages where id = @outageId)
            on conflict do nothing
            """, new { outageId, bookingId, action, change.GpuHours, change.Amount, toClusterId, change.StartsAt, change.At });
}
