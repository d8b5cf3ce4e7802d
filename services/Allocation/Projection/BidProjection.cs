using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Allocation.Rounds;
using MassTransit;

namespace Marketplace.Allocation.Projection;

/// <summary>Open bids from bidding's events. A closing that overtook the placing (other queue) is remembered, so the bid never opens here.</summary>
public sealed class BidPlacedConsumer(Db db, RoundTrigger rounds) : TransactionalConsumer<BidPlaced>(db)
{
    protected override async Task Handle(ConsumeContext<BidPlaced> context, UnitOfWork uow)
    {
        var b = context.Message.Bid;
        await uow.ExecuteAsync(
            """
            insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions,
                              interconnect_kind, min_gbps_per_node, max_price, expires_at, placed_at, status)
            values (@Id, @TenantId, @GpuModel, @GpuCount, @DurationHours, @EarliestStart, @LatestStart, @Regions,
                    @Kind, @MinGbps, @MaxPricePerGpuHour, @ExpiresAt, @CreatedAt,
                    case when exists (select 1 from bid_closures where bid_id = @Id) then 'closed' else 'open' end)
            on conflict (id) do nothing
            """,
            new
            {
                b.Id, b.TenantId, b.GpuModel, b.GpuCount, b.DurationHours, b.EarliestStart, b.LatestStart, Regions = b.Regions.ToArray(),
                Kind = b.Interconnect?.Kind, MinGbps = b.Interconnect?.MinGbpsPerNode, b.MaxPricePerGpuHour, b.ExpiresAt, b.CreatedAt,
            });
        rounds.Request();
    }
}

public static class BidClosing
{
    public static async Task CloseAsync(UnitOfWork uow, Guid bidId, string reason)
    {
        await uow.ExecuteAsync("insert into bid_closures (bid_id, reason) values (@bidId, @reason) on conflict do nothing", new { bidId, reason });
        await uow.ExecuteAsync("update bids set status = 'closed' where id = @bidId", new { bidId });
    }
}

public sealed class BidCancelledConsumer(Db db) : TransactionalConsumer<BidCancelled>(db)
{
    protected override Task Handle(ConsumeContext<BidCancelled> context, UnitOfWork uow) => BidClosing.CloseAsync(uow, context.Message.BidId, "cancelled");
}

public sealed class BidExpiredConsumer(Db db) : TransactionalConsumer<BidExpired>(db)
{
    protected override Task Handle(ConsumeContext<BidExpired> context, UnitOfWork uow) => BidClosing.CloseAsync(uow, context.Message.BidId, "expired");
}
