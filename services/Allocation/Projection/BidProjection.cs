using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Allocation.Rounds;
using MassTransit;

namespace Marketplace.Allocation.Projection;

/// <summary>
/// Open bids from bidding's events, many at a time (the busiest event of the market: one per bid placed). A closing
/// that overtook the placing (other queue) is remembered, so the bid never opens here.
/// </summary>
public sealed class BidPlacedConsumer(Db db, RoundTrigger rounds) : TransactionalBatchConsumer<BidPlaced>(db)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<BidPlaced>> messages, UnitOfWork uow)
    {
        var bids = messages.Select(m => m.Message.Bid).ToList();
        await uow.ExecuteAsync(
            """
            insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions,
                              interconnect_kind, min_gbps_per_node, max_price, expires_at, placed_at, status)
            select b.id, b.tenant_id, b.gpu_model, b.gpu_count, b.duration_hours, b.earliest_start, b.latest_start, b.regions::text[],
                   b.kind, b.min_gbps, b.max_price, b.expires_at, b.placed_at,
                   case when exists (select 1 from bid_closures c where c.bid_id = b.id) then 'closed' else 'open' end
            from unnest(@ids, @tenants, @models, @gpuCounts, @durations, @earliest, @latest, @regions, @kinds, @minGbps, @maxPrices,
                        @expires, @placed)
                 as b(id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions, kind, min_gbps,
                      max_price, expires_at, placed_at)
            on conflict (id) do nothing
            """,
            new
            {
                ids = bids.Select(b => b.Id).ToArray(),
                tenants = bids.Select(b => b.TenantId).ToArray(),
                models = bids.Select(b => b.GpuModel).ToArray(),
                gpuCounts = bids.Select(b => b.GpuCount).ToArray(),
                durations = bids.Select(b => b.DurationHours).ToArray(),
                earliest = bids.Select(b => b.EarliestStart).ToArray(),
                latest = bids.Select(b => b.LatestStart).ToArray(),
                regions = bids.Select(b => ArrayLiterals.Of(b.Regions)).ToArray(),
                kinds = bids.Select(b => b.Interconnect?.Kind).ToArray(),
                minGbps = bids.Select(b => b.Interconnect?.MinGbpsPerNode).ToArray(),
                maxPrices = bids.Select(b => b.MaxPricePerGpuHour).ToArray(),
                expires = bids.Select(b => b.ExpiresAt).ToArray(),
                placed = bids.Select(b => b.CreatedAt).ToArray(),
            });
        rounds.Request();
    }
}

/// <summary>
/// Up to 100 placements per transaction, gathered for at most 10 ms: under load a round's worth of bids lands in one
/// insert; alone, a bid waits 10 ms at most.
/// </summary>
public sealed class BidPlacedConsumerDefinition() : TransactionalBatchConsumerDefinition<BidPlacedConsumer>(100, 2, TimeSpan.FromMilliseconds(10));

public sealed class BidCancelledConsumer(Db db) : TransactionalConsumer<BidCancelled>(db)
{
    protected override Task Handle(ConsumeContext<BidCancelled> context, UnitOfWork uow) => OpenBids.CloseAsync(uow, [context.Message.BidId], "cancelled");
}

/// <summary>
/// Expiries, many at a time: every bid that does not win expires, so they come as often as placements, and in bursts
/// (bidding's sweeper expires up to 200 per transaction).
/// </summary>
public sealed class BidExpiredConsumer(Db db) : TransactionalBatchConsumer<BidExpired>(db)
{
    protected override Task Handle(IReadOnlyList<ConsumeContext<BidExpired>> messages, UnitOfWork uow) =>
        OpenBids.CloseAsync(uow, messages.Select(m => m.Message.BidId).ToArray(), "expired");
}

/// <summary>Up to 200 expiries per transaction (a sweep's worth), gathered for at most 50 ms: nothing waits on them.</summary>
public sealed class BidExpiredConsumerDefinition() : TransactionalBatchConsumerDefinition<BidExpiredConsumer>(200, 2, TimeSpan.FromMilliseconds(50));
