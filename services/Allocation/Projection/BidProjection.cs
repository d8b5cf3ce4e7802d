using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Allocation.Rounds;
using MassTransit;

namespace Marketplace.Allocation.Projection;

/// <summary>
/// Open bids from bidding's events, many at a time (the busiest event of the market: one per placement transaction,
/// which under load opens many bids). A closing that overtook the placing (other queue) is remembered, so the bid never
/// opens here.
/// </summary>
public sealed class BidsPlacedConsumer(Db db, RoundTrigger rounds) : TransactionalBatchConsumer<BidsPlaced>(db)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<BidsPlaced>> messages, UnitOfWork uow)
    {
        await OpenBids.OpenAsync(uow, messages.SelectMany(m => m.Message.Bids).ToList());
        uow.OnCommitted(rounds.Request);
    }
}

/// <summary>
/// Up to 20 placement events per transaction, gathered for at most 2 ms: alone, a bid waits 2 ms at most. Each event
/// already carries a placement transaction's bids, and the round that decides them comes at its own pace, so a longer
/// gather only delayed them: at 100 bids/s, 10 ms cost 10–25 ms between placed and won for a quarter of a millisecond of
/// CPU per bid less (docs/benchmarks.md, fifteenth session).
/// </summary>
public sealed class BidsPlacedConsumerDefinition() : TransactionalBatchConsumerDefinition<BidsPlacedConsumer>(20, 2, TimeSpan.FromMilliseconds(2));

/// <summary>
/// One bid per event, as bidding published them before <see cref="BidsPlaced"/>: kept so that a bidding instance not
/// yet upgraded, or such an event left in the outbox, still opens its bid.
/// </summary>
public sealed class BidPlacedConsumer(Db db, RoundTrigger rounds) : TransactionalBatchConsumer<BidPlaced>(db)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<BidPlaced>> messages, UnitOfWork uow)
    {
        await OpenBids.OpenAsync(uow, messages.Select(m => m.Message.Bid).ToList());
        uow.OnCommitted(rounds.Request);
    }
}

/// <summary>Up to 100 placements per transaction, gathered for at most 10 ms.</summary>
public sealed class BidPlacedConsumerDefinition() : TransactionalBatchConsumerDefinition<BidPlacedConsumer>(100, 2, TimeSpan.FromMilliseconds(10));

public sealed class BidCancelledConsumer(Db db) : TransactionalConsumer<BidCancelled>(db)
{
    protected override Task Handle(ConsumeContext<BidCancelled> context, UnitOfWork uow) => OpenBids.CloseAsync(uow, [context.Message.BidId], "cancelled");
}

/// <summary>
/// Expiries, many at a time: every bid that does not win expires, and bidding publishes a sweep's expiries (up to 200)
/// as one event.
/// </summary>
public sealed class BidsExpiredConsumer(Db db) : TransactionalBatchConsumer<BidsExpired>(db)
{
    protected override Task Handle(IReadOnlyList<ConsumeContext<BidsExpired>> messages, UnitOfWork uow) =>
        OpenBids.CloseAsync(uow, messages.SelectMany(m => m.Message.Bids).Select(b => b.BidId).Distinct().ToArray(), "expired");
}

/// <summary>Up to 10 sweeps' expiries per transaction, gathered for at most 50 ms: nothing waits on them.</summary>
public sealed class BidsExpiredConsumerDefinition() : TransactionalBatchConsumerDefinition<BidsExpiredConsumer>(10, 2, TimeSpan.FromMilliseconds(50));

/// <summary>
/// Expiries one per event, as bidding published them before <see cref="BidsExpired"/> (kept for a rolling upgrade), many at a time: every bid that does not win expires, so they come as often as placements, and in bursts
/// (bidding's sweeper expires up to 200 per transaction).
/// </summary>
public sealed class BidExpiredConsumer(Db db) : TransactionalBatchConsumer<BidExpired>(db)
{
    protected override Task Handle(IReadOnlyList<ConsumeContext<BidExpired>> messages, UnitOfWork uow) =>
        OpenBids.CloseAsync(uow, messages.Select(m => m.Message.BidId).ToArray(), "expired");
}

/// <summary>Up to 200 expiries per transaction (a sweep's worth), gathered for at most 50 ms: nothing waits on them.</summary>
public sealed class BidExpiredConsumerDefinition() : TransactionalBatchConsumerDefinition<BidExpiredConsumer>(200, 2, TimeSpan.FromMilliseconds(50));
