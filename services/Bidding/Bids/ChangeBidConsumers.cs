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
public sealed class CancelBidConsumer(Db db) : IConsumer<CancelBid>
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
        switch (bid.Status)
        {
            case "open":
                bid = await Bids.TransitionAsync(uow, bid.Id, "cancelled", "cancelled by the tenant");
                await uow.CommitAsync(context.CancellationToken);
                await context.RespondAsync(bid.ToView());
                break;
            case "cancelled":
                await context.RespondAsync(bid.ToView());
                break;
            default:
                await context.RespondProblemAsync(409, "Conflict", $"The bid is {bid.Status}; only an open bid can be cancelled.");
                break;
        }
    }
}

/// <summary>Booking workflow step two: the bid wins only if it is still open and in time; otherwise the award is refused.</summary>
public sealed class AwardBidConsumer(Db db, TimeProvider clock) : TransactionalConsumer<AwardBid>(db)
{
    protected override async Task Handle(ConsumeContext<AwardBid> context, UnitOfWork uow)
    {
        var m = context.Message;
        var bid = await Bids.LoadAsync(uow, m.BidId, forUpdate: true);
        string? refusal = bid switch
        {
            null => "no such bid",
            { Status: "won" } when bid.BookingId == m.BookingId => null,
            { Status: not "open" } => $"bid is {bid.Status}",
            _ when (bid.ExpiresAt < bid.LatestStart ? bid.ExpiresAt : bid.LatestStart) <= clock.GetUtcNow() => "bid expired",
            _ when m.PricePerGpuHour > bid.MaxPrice => "price above the bid's limit",
            _ => null,
        };
        if (refusal is not null)
        {
            if (refusal == "bid expired") await Bids.TransitionAsync(uow, bid!.Id, "expired", "expired before it could be awarded");
            await uow.PublishAsync(new BidAwardRefused(m.BidId, m.BookingId, refusal));
            return;
        }
        if (bid!.Status == "won")
            await uow.PublishAsync(new BidAwarded(bid.Id, m.BookingId, bid.Price!.Value)); // a repeat with a new message id: answer the same
        else
            await Bids.TransitionAsync(uow, bid.Id, "won", $"won booking {m.BookingId}", m.BookingId, m.PricePerGpuHour);
    }
}
