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
    /// <summary>What an award does to one bid, decided under its row lock.</summary>
    private sealed record Outcome(BidAwarded? Awarded, BidAwardRefused? Refused, IReadOnlyList<Bids.BidMove> Moves);

    /// <summary>One award: locks the bid, decides, moves it.</summary>
    public static async Task<(BidAwarded? Awarded, BidAwardRefused? Refused)> AwardAsync(UnitOfWork uow, BiddingMetrics metrics, AwardBid m,
        DateTimeOffset now)
    {
        var (awarded, refused) = await AwardManyAsync(uow, metrics, [m], now);
        return (awarded.FirstOrDefault(), refused.FirstOrDefault());
    }

    /// <summary>
    /// A round's awards: every bid locked in one statement in id order (as every award and cancel locks), each decided
    /// in id order against the bid as the earlier items left it, and every move written in one statement.
    /// </summary>
    public static async Task<(List<BidAwarded> Awarded, List<BidAwardRefused> Refused)> AwardManyAsync(UnitOfWork uow, BiddingMetrics metrics,
        IReadOnlyList<AwardBid> items, DateTimeOffset now)
    {
        var ids = items.Select(i => i.BidId).Distinct().ToArray();
        var bids = (await uow.QueryAsync<BidRow>($"select {Bids.Columns} from bids where id = any(@ids) order by id for update", new { ids }))
            .ToDictionary(b => b.Id, b => new State(b.TenantId, b.Status, b.BookingId, b.Price, b.MaxPrice, Bids.Deadline(b)));
        var awarded = new List<BidAwarded>();
        var refused = new List<BidAwardRefused>();
        var moves = new List<Bids.BidMove>();
        foreach (var item in items.OrderBy(i => i.BidId))
        {
            var outcome = Decide(bids.GetValueOrDefault(item.BidId), item, now, out var after);
            if (after is not null) bids[item.BidId] = after; // a bid named twice in one batch: the second sees the first's move
            if (outcome.Awarded is not null) awarded.Add(outcome.Awarded);
            if (outcome.Refused is not null) refused.Add(outcome.Refused);
            moves.AddRange(outcome.Moves);
        }
        var moved = await Bids.TransitionAsync(uow, metrics, moves);
        // A win answers the price as stored (numeric(10,4)), as a repeated award does.
        var won = moved.Where(b => b.Status == "won").ToDictionary(b => (b.Id, b.BookingId!.Value), b => b.Price!.Value);
        for (var i = 0; i < awarded.Count; i++)
            if (won.TryGetValue((awarded[i].BidId, awarded[i].BookingId), out var price)) awarded[i] = awarded[i] with { PricePerGpuHour = price };
        return (awarded, refused);
    }

    /// <summary>What the award needs of a bid, as the earlier items of a batch leave it.</summary>
    private sealed record State(Guid TenantId, string Status, Guid? BookingId, decimal? Price, decimal MaxPrice, DateTimeOffset Deadline);

    private static Outcome Decide(State? bid, AwardBid m, DateTimeOffset now, out State? after)
    {
        after = null;
        if (bid is null) return new(null, new BidAwardRefused(m.BidId, m.BookingId, "no such bid"), []);
        // The same award again under a new message id (the workflow retried): answer the same.
        if (bid is { Status: "won" } && bid.BookingId == m.BookingId)
            return new(new BidAwarded(m.BidId, m.BookingId, bid.Price!.Value, bid.TenantId), null, []);
        if (bid.Status == "open" && bid.Deadline <= now)
        {
            after = bid with { Status = "expired" };
            return new(null, new BidAwardRefused(m.BidId, m.BookingId, "bid is expired"),
                [new Bids.BidMove(m.BidId, "expired", "expired before it could be awarded")]);
        }
        var refusal = bid.Status != "open" ? $"bid is {bid.Status}"
            : m.PricePerGpuHour <= 0 || !Money.HasAtMostScale(m.PricePerGpuHour) ? "price is not a positive amount with at most 4 decimals"
            : m.PricePerGpuHour > bid.MaxPrice ? "price above the bid's limit"
            : null;
        if (refusal is not null) return new(null, new BidAwardRefused(m.BidId, m.BookingId, refusal), []);
        after = bid with { Status = "won", BookingId = m.BookingId, Price = m.PricePerGpuHour };
        return new(new BidAwarded(m.BidId, m.BookingId, m.PricePerGpuHour, bid.TenantId), null,
            [new Bids.BidMove(m.BidId, "won", $"won booking {m.BookingId}", m.BookingId, m.PricePerGpuHour)]);
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
        var (awarded, refused) = await AwardStep.AwardManyAsync(uow, metrics, context.Message.Items, clock.GetUtcNow());
        await uow.PublishAsync(new AwardsAnswered(awarded, refused));
    }
}
