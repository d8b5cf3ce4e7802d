using Marketplace.Allocation.Matching;
using Marketplace.Allocation.Projection;
using Marketplace.Allocation.Rounds;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.Bookings;

/// <summary>
/// The booking workflow of DESIGN.md, as rows in the bookings table moved by messages:
/// holding --NodesHeld--> awarding --BidAwarded--> confirming --HoldConfirmed--> confirmed (BookingConfirmed).
/// NodesUnavailable: void, the bid reopens. BidAwardRefused: void, nodes released. HoldLost: cancelled, never charged.
/// Each step is one transaction with its inbox record and outgoing messages, so a crash anywhere resumes cleanly.
/// </summary>
public static class BookingWorkflow
{
    public static async Task<Guid> StartAsync(UnitOfWork uow, long roundId, OpenBid bid, ClusterCapacity cluster, Placement p)
    {
        var bookingId = NewId.NextSequentialGuid();
        var hours = (decimal)(p.EndsAt - p.StartsAt).TotalHours;
        await uow.ExecuteAsync(
            """
            insert into bookings (id, bid_id, round_id, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count,
                                  starts_at, ends_at, price, total_price, state)
            values (@bookingId, @BidId, @roundId, @TenantId, @ProviderId, @ClusterId, @GpuModel, @NodeCount, @GpuCount,
                    @StartsAt, @EndsAt, @PricePerGpuHour, @total, 'holding')
            """,
            new
            {
                bookingId, bid.BidId, roundId, bid.TenantId, cluster.ProviderId, p.ClusterId, bid.GpuModel, p.NodeCount, p.GpuCount,
                p.StartsAt, p.EndsAt, p.PricePerGpuHour, total = Marketplace.Domain.Money.Round(p.PricePerGpuHour * p.GpuCount * hours),
            });
        await uow.ExecuteAsync("update bids set status = 'allocating' where id = @BidId", bid);
        await uow.SendAsync(new HoldNodes(bookingId, p.ClusterId, p.NodeCount, p.StartsAt, p.EndsAt));
        return bookingId;
    }

    internal static async Task ReopenBidAsync(UnitOfWork uow, Guid bidId) =>
        await uow.ExecuteAsync("update bids set status = 'open' where id = @bidId and status = 'allocating'", new { bidId });
}

public sealed class NodesHeldConsumer(Db db) : TransactionalConsumer<NodesHeld>(db)
{
    protected override async Task Handle(ConsumeContext<NodesHeld> context, UnitOfWork uow)
    {
        var booking = await Bookings.LoadAsync(uow, context.Message.BookingId, forUpdate: true);
        if (booking is not { State: "holding" }) return;
        await Bookings.TransitionAsync(uow, booking, "awarding", nodes: context.Message.NodeIndexes.ToArray());
        await uow.SendAsync(new AwardBid(booking.BidId, booking.Id, booking.Price));
    }
}

public sealed class NodesUnavailableConsumer(Db db, RoundTrigger rounds) : TransactionalConsumer<NodesUnavailable>(db)
{
    protected override async Task Handle(ConsumeContext<NodesUnavailable> context, UnitOfWork uow)
    {
        var booking = await Bookings.LoadAsync(uow, context.Message.BookingId, forUpdate: true);
        if (booking is not { State: "holding" }) return;
        // Our view was stale (or the cluster changed): drop the decision; the bid stays open for the next round.
        await Bookings.TransitionAsync(uow, booking, "void", $"nodes unavailable: {context.Message.Reason}");
        await BookingWorkflow.ReopenBidAsync(uow, booking.BidId);
        rounds.Request();
    }
}

public sealed class BidAwardedConsumer(Db db) : TransactionalConsumer<BidAwarded>(db)
{
    protected override async Task Handle(ConsumeContext<BidAwarded> context, UnitOfWork uow)
    {
        await BidClosing.CloseAsync(uow, context.Message.BidId, "won");
        var booking = await Bookings.LoadAsync(uow, context.Message.BookingId, forUpdate: true);
        if (booking is not { State: "awarding" }) return;
        await Bookings.TransitionAsync(uow, booking, "confirming");
        await uow.SendAsync(new ConfirmHold(booking.Id, booking.ClusterId, booking.NodeCount, booking.StartsAt, booking.EndsAt));
    }
}

public sealed class BidAwardRefusedConsumer(Db db) : TransactionalConsumer<BidAwardRefused>(db)
{
    protected override async Task Handle(ConsumeContext<BidAwardRefused> context, UnitOfWork uow)
    {
        var m = context.Message;
        var booking = await Bookings.LoadAsync(uow, m.BookingId, forUpdate: true);
        if (booking is not { State: "awarding" }) return;
        // Compensate by giving the nodes back. The bid reopens here: if it was cancelled or expired, bidding's own
        // event closes it (a closing that came first already did, and then this changes nothing).
        await Bookings.TransitionAsync(uow, booking, "void", $"award refused: {m.Reason}");
        await BookingWorkflow.ReopenBidAsync(uow, m.BidId);
        await uow.SendAsync(new ReleaseNodes(booking.Id, null, "award refused"));
    }
}

public sealed class HoldConfirmedConsumer(Db db, TimeProvider clock, AllocationMetrics metrics) : TransactionalConsumer<HoldConfirmed>(db)
{
    protected override async Task Handle(ConsumeContext<HoldConfirmed> context, UnitOfWork uow)
    {
        var booking = await Bookings.LoadAsync(uow, context.Message.BookingId, forUpdate: true);
        if (booking is not { State: "confirming" }) return;
        var confirmed = await Bookings.TransitionAsync(uow, booking, "confirmed", nodes: context.Message.NodeIndexes.ToArray());
        await uow.PublishAsync(new BookingConfirmed(confirmed!.ToView(clock.GetUtcNow())));
        await metrics.BookingConfirmedAsync(uow, booking.BidId);
    }
}

public sealed class HoldLostConsumer(Db db, RoundTrigger rounds, ILogger<HoldLostConsumer> logger) : TransactionalConsumer<HoldLost>(db)
{
    protected override async Task Handle(ConsumeContext<HoldLost> context, UnitOfWork uow)
    {
        var booking = await Bookings.LoadAsync(uow, context.Message.BookingId, forUpdate: true);
        if (booking is not { State: "confirming" }) return;
        // The hold expired before confirmation and its nodes were taken: the booking cannot stand. It was never charged.
        logger.LogError("Booking {Booking} lost its hold before confirmation: {Reason}", booking.Id, context.Message.Reason);
        await Bookings.TransitionAsync(uow, booking, "cancelled", $"hold lost: {context.Message.Reason}");
        await uow.ExecuteAsync("update bookings set released_from = starts_at, cancelled_at = now(), cancelled_by = 'system' where id = @Id", booking);
        rounds.Request();
    }
}
