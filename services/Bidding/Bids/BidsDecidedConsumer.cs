using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// Keeps each bid's lastDecision: the newest round's reason wins, so a late or repeated event changes nothing. Not a
/// status change (the market proposes, bidding decides), so it neither touches updatedAt nor the bid's history.
/// </summary>
public sealed class BidsDecidedConsumer(Db db) : TransactionalConsumer<BidsDecided>(db)
{
    protected override Task Handle(ConsumeContext<BidsDecided> context, UnitOfWork uow)
    {
        var m = context.Message;
        return m.Decisions.Count == 0 ? Task.CompletedTask : uow.ExecuteAsync(
            """
            update bids b set last_decision_at = @At, last_decision_reason = d.reason
            from unnest(@bidIds, @reasons) as d(bid_id, reason)
            where b.id = d.bid_id and (b.last_decision_at is null or b.last_decision_at < @At)
            """,
            new { m.At, bidIds = m.Decisions.Select(d => d.BidId).ToArray(), reasons = m.Decisions.Select(d => d.Reason).ToArray() });
    }
}
