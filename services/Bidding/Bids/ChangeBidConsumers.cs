using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// Cancel an open bid. The row lock orders it against AwardBid: whichever commits first decides, so a bid ends
/// either cancelled (and the award is refused) or won (and the cancel gets 409), never both.
/// </summary>
public sealed class CancelBidConsumer(Db db, TimeProvider clock, BiddingMetrics metrics) : IConsumer<CancelBid>
{
    public async Task Consume(ConsumeContext<CancelBid> context)
    {
        var m = context.Message;
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var bid = await Bids.LoadAsync(uow, m.BidId, forUpdate: true);
        if (bid is null || m.Caller.Role != Roles.Tenant || bid.TenantId != m.Caller.OrganizationId)
        {
            await context.RespondNotFoundAsync("bid");
            return;
        }
        if (bid.Status == "open" && Bids.IsPastDeadline(bid, clock.GetUtcNow()))
        {
            // Its deadline passed and the sweeper has not come by yet: it is expired, not cancellable (API.md: 409).
            bid = await Bids.TransitionAsync(uow, metrics, bid.Id, "expired", "expired before it could be cancelled");
            await uow.CommitAsync(context.CancellationToken);
        }
        switch (bid.Status)
        {
            case "open":
                bid = await Bids.TransitionAsync(uow, metrics, bid.Id, "cancelled", "cancelled by the tenant");
                await uow.CommitAsync(context.CancellationToken);
                await context.RespondAsync(bid.ToView());
                break;
            case "cancelled":
                await context.RespondAsync(bid.ToView()); // cancelling twice answers the same
                break;
            default:
                await context.RespondProblemAsync(409, "Conflict", $"The bid is {bid.Status}; only an open bid can be cancelled.");
                break;
        }
    }
}

/// <summary>
/// Booking workflow step two: the bid wins only if it is still open, in time and within its limit; otherwise the award
/// is refused with the reason, and the allocation service releases the nodes it held.
/// </summary>
public static class AwardStep
{
    /// <param name="locked">The bid's row when the caller already locked it (a batch locks all of its bids in one
    /// statement); null to lock it here.</param>
    public static async Task<(BidAwarded? Awarded, BidAwardRefused? Refused)> AwardAsync(UnitOfWork uow, BiddingMetrics metrics, AwardBid m,
        DateTimeOffset now, BidRow? locked = null)
    {
        var bid = locked ?? await Bids.LoadAsync(uow, m.BidId, forUpdate: true);
        if (bid is null) return (null, new BidAwardRefused(m.BidId, m.BookingId, "no such bid"));
        // The same award again under a new message id (the workflow retried): answer the same.
        if (bid is { Status: "won" } && bid.BookingId == m.BookingId) return (new BidAwarded(bid.Id, m.BookingId, bid.Price!.Value, bid.TenantId), null);
        if (bid.Status == "open" && Bids.IsPastDeadline(bid, now))
            bid = await Bids.TransitionAsync(uow, metrics, bid.Id, "expired", "expired before it could be awarded");

        var refusal = bid.Status != "open" ? $"bid is {bid.Status}"
            : m.PricePerGpuHour <= 0 || !Money.HasAtMostScale(m.PricePerGpuHour) ? "price is not a positive amount with at most 4 decimals"
            : m.PricePerGpuHour > bid.MaxPrice ? "price above the bid's limit"
            : null;
        if (refusal is not null) return (null, new BidAwardRefused(m.BidId, m.BookingId, refusal));
        var won = await Bids.TransitionAsync(uow, metrics, bid.Id, "won", $"won booking {m.BookingId}", m.BookingId, m.PricePerGpuHour);
        return (new BidAwarded(won.Id, m.BookingId, won.Price!.Value, won.TenantId), null);
    }
}

public sealed class AwardBidConsumer(Db db, TimeProvider clock, BiddingMetrics metrics) : TransactionalConsumer<AwardBid>(db)
{
    protected override async Task Handle(ConsumeContext<AwardBid> context, UnitOfWork uow)
    {
        var (awarded, refused) = await AwardStep.AwardAsync(uow, metrics, context.Message, clock.GetUtcNow());
        if (awarded is not null) await uow.PublishAsync(awarded);
        else await uow.PublishAsync(refused!);
    }
}

/// <summary>A round's awards in one transaction, bids locked in id order (as every batch and single award does), one answer.</summary>
public sealed class AwardBidBatchConsumer(Db db, TimeProvider clock, BiddingMetrics metrics) : TransactionalConsumer<AwardBidBatch>(db)
{
    protected override async Task Handle(ConsumeContext<AwardBidBatch> context, UnitOfWork uow)
    {
        var now = clock.GetUtcNow();
        var awarded = new List<BidAwarded>();
        var refused = new List<BidAwardRefused>();
        var items = context.Message.Items.OrderBy(i => i.BidId).ToList();
        // Every bid of the batch locked in one round trip, in id order as before.
        var ids = items.Select(i => i.BidId).Distinct().ToArray();
        var rows = (await uow.QueryAsync<BidRow>($"select {Bids.Columns} from bids where id = any(@ids) order by id for update", new { ids }))
            .ToDictionary(b => b.Id);
        foreach (var item in items)
        {
            // A bid named twice in one batch is read again the second time: the first item may have changed it.
            var locked = rows.Remove(item.BidId, out var row) ? row : null;
            var (a, r) = await AwardStep.AwardAsync(uow, metrics, item, now, locked);
            if (a is not null) awarded.Add(a);
            else refused.Add(r!);
        }
        await uow.PublishAsync(new AwardsAnswered(awarded, refused));
    }
}
