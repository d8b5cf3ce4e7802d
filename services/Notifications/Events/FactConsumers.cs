using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Notifications.Deliveries;
using MassTransit;

namespace Marketplace.Notifications.Events;

// Facts published by bidding, allocation and settlement, turned into events (API.md "Outages, events and webhooks").
// Each consumer is named Notify…Consumer so its queue (notify-…) is this service's own, never shared with another
// service's consumer of the same message (allocation's awards-answered, settlement's booking-confirmed).

/// <summary>What a bid.won event carries: the bid summary.</summary>
public sealed record BidWonData(Guid BidId, Guid BookingId, decimal PricePerGpuHour);
public sealed record BidExpiredData(Guid BidId);
/// <summary>What booking.moved and booking.credited carry: the booking as it is now, the change, and the outage.</summary>
public sealed record BookingChangeData(BookingView Booking, BookingChange Change, Guid OutageId);
public sealed record ReconciliationData(Guid Id, DateTimeOffset From, DateTimeOffset To, string Status, int Discrepancies, DateTimeOffset CompletedAt);

public static class Facts
{
    public static DateTimeOffset SentAt(ConsumeContext context, TimeProvider clock) =>
        context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : clock.GetUtcNow();

    public static NewEvent BidWon(BidAwarded a, DateTimeOffset at) =>
        new($"bid.won:{a.BidId:N}", a.TenantId, EventTypes.BidWon, at, new BidWonData(a.BidId, a.BookingId, a.PricePerGpuHour));

    /// <summary>
    /// A confirmed booking: the tenant and the provider are told. Its bid won before it could be confirmed, so the
    /// tenant's bid.won is stored first when the award's own answer has not been (it then finds it stored): the
    /// tenant's feed always shows the win before the confirmation.
    /// </summary>
    public static IEnumerable<NewEvent> Confirmed(BookingView b, DateTimeOffset at)
    {
        yield return BidWon(new BidAwarded(b.BidId, b.Id, b.PricePerGpuHour, b.TenantId), at);
        foreach (var org in Recipients(b.TenantId, b.ProviderId))
            yield return new NewEvent($"booking.confirmed:{b.Id:N}", org, EventTypes.BookingConfirmed, at, b);
    }

    /// <summary>Each organization once, in the order given (a move within one provider's clusters tells it once).</summary>
    public static IEnumerable<Guid> Recipients(params Guid[] organizations) => organizations.Where(o => o != Guid.Empty).Distinct();
}

public sealed class NotifyAwardsAnsweredConsumer(Db db, DeliverySignal signal, TimeProvider clock) : TransactionalConsumer<AwardsAnswered>(db)
{
    protected override Task Handle(ConsumeContext<AwardsAnswered> context, UnitOfWork uow)
    {
        var at = Facts.SentAt(context, clock);
        // Awards from a bidding that predates TenantId carry none: the booking's confirmation tells the win instead.
        return EventStore.AppendAsync(uow, signal, context.Message.Awarded.Where(a => a.TenantId != Guid.Empty).Select(a => Facts.BidWon(a, at)));
    }
}

public sealed class NotifyBidAwardedConsumer(Db db, DeliverySignal signal, TimeProvider clock) : TransactionalConsumer<BidAwarded>(db)
{
    protected override Task Handle(ConsumeContext<BidAwarded> context, UnitOfWork uow) =>
        context.Message.TenantId == Guid.Empty ? Task.CompletedTask
            : EventStore.AppendAsync(uow, signal, [Facts.BidWon(context.Message, Facts.SentAt(context, clock))]);
}

/// <summary>
/// Expiries, many at a time: every bid that does not win expires, and bidding publishes a sweep's expiries (up to 200)
/// as one event. Event writers take turns (<see cref="EventStore"/>): a batch of them takes the lock once. A bid told
/// in both shapes (an upgrade) is one event: its key is the bid's.
/// </summary>
public sealed class NotifyBidsExpiredConsumer(Db db, DeliverySignal signal, TimeProvider clock) : TransactionalBatchConsumer<BidsExpired>(db)
{
    protected override Task Handle(IReadOnlyList<ConsumeContext<BidsExpired>> messages, UnitOfWork uow) =>
        EventStore.AppendAsync(uow, signal, messages
            .SelectMany(m => m.Message.Bids.Where(b => b.TenantId != Guid.Empty).Select(b =>
                new NewEvent($"bid.expired:{b.BidId:N}", b.TenantId, EventTypes.BidExpired, Facts.SentAt(m, clock), new BidExpiredData(b.BidId))))
            .DistinctBy(e => e.SourceKey)
            .OrderBy(e => e.At));
}

/// <summary>Up to 10 sweeps' expiries per transaction, gathered for at most 50 ms.</summary>
public sealed class NotifyBidsExpiredConsumerDefinition()
    : TransactionalBatchConsumerDefinition<NotifyBidsExpiredConsumer>(10, 2, TimeSpan.FromMilliseconds(50));

/// <summary>
/// Expiries one per event, as bidding published them before <see cref="BidsExpired"/> (kept for a rolling upgrade),
/// many at a time (a sweep expires up to 200). Event writers take turns (<see cref="EventStore"/>), so one transaction per expiry would make
/// them queue for the lock and a commit each; a batch takes the lock once.
/// </summary>
public sealed class NotifyBidExpiredConsumer(Db db, DeliverySignal signal, TimeProvider clock) : TransactionalBatchConsumer<BidExpired>(db)
{
    protected override Task Handle(IReadOnlyList<ConsumeContext<BidExpired>> messages, UnitOfWork uow) =>
        EventStore.AppendAsync(uow, signal, messages
            .Where(m => m.Message.TenantId != Guid.Empty)
            .Select(m => new NewEvent($"bid.expired:{m.Message.BidId:N}", m.Message.TenantId, EventTypes.BidExpired, Facts.SentAt(m, clock),
                new BidExpiredData(m.Message.BidId)))
            .OrderBy(e => e.At));
}

/// <summary>Up to 200 expiries per transaction (a sweep's worth), gathered for at most 50 ms.</summary>
public sealed class NotifyBidExpiredConsumerDefinition()
    : TransactionalBatchConsumerDefinition<NotifyBidExpiredConsumer>(200, 2, TimeSpan.FromMilliseconds(50));

public sealed class NotifyBookingConfirmedConsumer(Db db, DeliverySignal signal, TimeProvider clock) : TransactionalConsumer<BookingConfirmed>(db)
{
    protected override Task Handle(ConsumeContext<BookingConfirmed> context, UnitOfWork uow) =>
        EventStore.AppendAsync(uow, signal, Facts.Confirmed(context.Message.Booking, Facts.SentAt(context, clock)));
}

public sealed class NotifyBookingsConfirmedConsumer(Db db, DeliverySignal signal, TimeProvider clock) : TransactionalConsumer<BookingsConfirmed>(db)
{
    protected override Task Handle(ConsumeContext<BookingsConfirmed> context, UnitOfWork uow)
    {
        var at = Facts.SentAt(context, clock);
        return EventStore.AppendAsync(uow, signal, context.Message.Bookings.SelectMany(b => Facts.Confirmed(b, at)));
    }
}

public sealed class NotifyBookingCancelledConsumer(Db db, DeliverySignal signal) : TransactionalConsumer<BookingCancelled>(db)
{
    protected override Task Handle(ConsumeContext<BookingCancelled> context, UnitOfWork uow)
    {
        var b = context.Message.Booking;
        return EventStore.AppendAsync(uow, signal, Facts.Recipients(b.TenantId, b.ProviderId)
            .Select(org => new NewEvent($"booking.cancelled:{b.Id:N}", org, EventTypes.BookingCancelled, context.Message.CancelledAt, b)));
    }
}

public sealed class NotifyBookingMovedConsumer(Db db, DeliverySignal signal) : TransactionalConsumer<BookingMoved>(db)
{
    protected override Task Handle(ConsumeContext<BookingMoved> context, UnitOfWork uow)
    {
        var m = context.Message;
        var data = new BookingChangeData(m.Booking, m.Change, m.OutageId);
        return EventStore.AppendAsync(uow, signal, Facts.Recipients(m.Booking.TenantId, m.FromProviderId, m.ToProviderId)
            .Select(org => new NewEvent($"booking.moved:{m.OutageId:N}:{m.Booking.Id:N}", org, EventTypes.BookingMoved, m.Change.At, data)));
    }
}

/// <summary>An outage may credit a booking twice (the hours gone, then those no cluster could take): one event per credited period.</summary>
public sealed class NotifyBookingCreditedConsumer(Db db, DeliverySignal signal) : TransactionalConsumer<BookingCredited>(db)
{
    protected override Task Handle(ConsumeContext<BookingCredited> context, UnitOfWork uow)
    {
        var m = context.Message;
        var data = new BookingChangeData(m.Booking, m.Change, m.OutageId);
        return EventStore.AppendAsync(uow, signal, Facts.Recipients(m.Booking.TenantId, m.ProviderId)
            .Select(org => new NewEvent($"booking.credited:{m.OutageId:N}:{m.Booking.Id:N}:{m.Change.StartsAt.UtcTicks}", org, EventTypes.BookingCredited, m.Change.At, data)));
    }
}

/// <summary>
/// The run's discrepancies are told before its completion: any not yet recorded from their own DiscrepancyFound (a
/// separate queue, which may be behind) are recorded here first, under the same source key, so each is told once.
/// </summary>
public sealed class NotifyReconciliationCompletedConsumer(Db db, DeliverySignal signal) : TransactionalConsumer<ReconciliationCompleted>(db)
{
    protected override Task Handle(ConsumeContext<ReconciliationCompleted> context, UnitOfWork uow)
    {
        var m = context.Message;
        var discrepancies = (m.Found ?? []).Select(d => DiscrepancyEvents.Found(d, m.At));
        return EventStore.AppendAsync(uow, signal,
            [.. discrepancies, new NewEvent($"reconciliation.completed:{m.Id:N}", null, EventTypes.ReconciliationCompleted, m.At,
                new ReconciliationData(m.Id, m.From, m.To, m.Status, m.Discrepancies, m.At))]);
    }
}

public sealed class NotifyDiscrepancyFoundConsumer(Db db, DeliverySignal signal) : TransactionalConsumer<DiscrepancyFound>(db)
{
    protected override Task Handle(ConsumeContext<DiscrepancyFound> context, UnitOfWork uow) =>
        EventStore.AppendAsync(uow, signal, [DiscrepancyEvents.Found(context.Message.Discrepancy, context.Message.At)]);
}

/// <summary>One discrepancy's event, whichever message brings it first.</summary>
public static class DiscrepancyEvents
{
    public static NewEvent Found(DiscrepancyView discrepancy, DateTimeOffset at) =>
        new($"discrepancy.found:{discrepancy.Id:N}", null, EventTypes.DiscrepancyFound, at, discrepancy);
}
