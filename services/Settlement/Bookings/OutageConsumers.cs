using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Settlement.Ledger;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Settlement.Bookings;

/// <summary>
/// An outage credited part of a booking: the tenant gets lost GPU-hours × price back, borne by the provider whose
/// nodes failed and the platform in the booking's proportions. Once per (outage, booking): the cause is unique. The
/// booking's charge is posted first if this overtook the confirmation (separate queues). Consumer names are queue
/// names, so they are unique across services.
/// </summary>
public sealed class OutageCreditConsumer(Db db, IOptions<SettlementOptions> options, TimeProvider clock, SettlementMetrics metrics)
    : TransactionalConsumer<BookingCredited>(db)
{
    protected override async Task Handle(ConsumeContext<BookingCredited> context, UnitOfWork uow)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        var booking = await BookingCopies.EnsureAsync(uow, m.Booking, options.Value.PlatformFeeRate);
        await LedgerPosting.PostAsync(uow, metrics, Billing.Charge(booking), now);
        await OutageChanges.RecordAsync(uow, booking.Id, m.OutageId, m.Change, m.ProviderId, null);
        if (m.Change.Amount <= 0) return;
        await LedgerPosting.PostAsync(uow, metrics,
            Billing.Credit(Billing.OutageCreditCause(m.OutageId, booking.Id, m.Change.StartsAt), booking.Id, booking.TenantId, m.ProviderId, booking.FeeRate, m.Change.Amount), now);
    }
}

/// <summary>An outage moved a booking's hours to another provider's cluster: that provider is paid for them instead. Once per (outage, booking).</summary>
public sealed class OutageMovePayoutConsumer(Db db, IOptions<SettlementOptions> options, TimeProvider clock, SettlementMetrics metrics)
    : TransactionalConsumer<BookingMoved>(db)
{
    protected override async Task Handle(ConsumeContext<BookingMoved> context, UnitOfWork uow)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        var booking = await BookingCopies.EnsureAsync(uow, m.Booking, options.Value.PlatformFeeRate);
        await LedgerPosting.PostAsync(uow, metrics, Billing.Charge(booking), now);
        await OutageChanges.RecordAsync(uow, booking.Id, m.OutageId, m.Change, m.FromProviderId, m.ToProviderId);
        if (m.FromProviderId == m.ToProviderId || m.Change.Amount <= 0) return;
        await LedgerPosting.PostAsync(uow, metrics,
            Billing.PayoutMove(Billing.OutageMoveCause(m.OutageId, booking.Id), booking.Id, m.FromProviderId, m.ToProviderId, booking.FeeRate, m.Change.Amount), now);
    }
}
