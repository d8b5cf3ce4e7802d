using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Settlement.Ledger;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Settlement.Bookings;

/// <summary>
/// A confirmed booking is charged once: the inbox makes a redelivery a no-op, and the charge's unique cause makes even
/// a re-published copy (a new message id) change nothing.
/// </summary>
public sealed class BookingConfirmedConsumer(Db db, IOptions<SettlementOptions> options, TimeProvider clock, SettlementMetrics metrics)
    : TransactionalConsumer<BookingConfirmed>(db)
{
    protected override async Task Handle(ConsumeContext<BookingConfirmed> context, UnitOfWork uow)
    {
        var booking = await BookingCopies.EnsureAsync(uow, context.Message.Booking, options.Value.PlatformFeeRate);
        await LedgerPosting.PostAsync(uow, metrics, Billing.Charge(booking), clock.GetUtcNow());
    }
}

/// <summary>A round's confirmations: each booking charged exactly as <see cref="BookingConfirmedConsumer"/> does, in one transaction.</summary>
public sealed class BookingsConfirmedConsumer(Db db, IOptions<SettlementOptions> options, TimeProvider clock, SettlementMetrics metrics)
    : TransactionalConsumer<BookingsConfirmed>(db)
{
    protected override async Task Handle(ConsumeContext<BookingsConfirmed> context, UnitOfWork uow)
    {
        // Two statements for the whole round: the copies, then every charge with its lines.
        var bookings = await BookingCopies.EnsureManyAsync(uow, context.Message.Bookings, options.Value.PlatformFeeRate);
        await LedgerPosting.PostManyAsync(uow, metrics, bookings.Select(Billing.Charge).ToList(), clock.GetUtcNow());
    }
}

/// <summary>
/// A cancellation refunds by its fraction over the hours from its release point, once. Events travel on separate queues,
/// so a cancellation can overtake its confirmation: the charge is then posted first (the confirmation, when it comes,
/// finds it posted).
/// </summary>
public sealed class BookingCancelledConsumer(
    Db db, IOptions<SettlementOptions> options, TimeProvider clock, SettlementMetrics metrics, ILogger<BookingCancelledConsumer> logger)
    : TransactionalConsumer<BookingCancelled>(db)
{
    protected override async Task Handle(ConsumeContext<BookingCancelled> context, UnitOfWork uow)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        var booking = await BookingCopies.EnsureAsync(uow, m.Booking, options.Value.PlatformFeeRate);
        await LedgerPosting.PostAsync(uow, metrics, Billing.Charge(booking), now);
        booking = await BookingCopies.RecordCancellationAsync(uow, m);

        var charged = await LedgerPosting.ChargedAsync(uow, booking.Id) ?? 0;
        var outages = (await OutageChanges.OfAsync(uow, [booking.Id]))[booking.Id].ToList();
        var refund = Billing.RefundAmount(booking, charged, outages);
        if (refund > 0 && outages.Count == 0) await LedgerPosting.PostAsync(uow, metrics, Billing.Refund(booking, refund), now);
        else if (refund > 0) await LedgerPosting.PostAsync(uow, metrics, Billing.Refund(booking, Billing.RefundShares(booking, outages)), now);
        logger.LogInformation("Booking {Booking} cancelled by {By}: refunded {Refund} of {Charged}", booking.Id, m.CancelledBy, refund, charged);
    }
}
