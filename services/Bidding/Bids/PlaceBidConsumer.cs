using Dapper;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Bidding.Bids;

/// <summary>A tenant places a bid; it opens with BidPlaced for the market. Create-by-id makes a repeat return the first.</summary>
public sealed class PlaceBidConsumer(Db db, TimeProvider clock, IOptions<BiddingOptions> options, BiddingMetrics metrics) : IConsumer<PlaceBid>
{
    public async Task Consume(ConsumeContext<PlaceBid> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Tenant) { await context.RespondForbiddenAsync("Only tenants place bids."); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        // The tenant's placements take turns (a transaction-scoped lock per tenant), so concurrent ones cannot all
        // count the same "one below the quota" and overshoot it; a retry of a placed bid finds it here, never the quota.
        // The lock, the count and the lookup go in one round trip; under read committed each statement takes its
        // snapshot when it starts, after the lock is held, so the count sees every placement that went before.
        var tenant = m.Caller.OrganizationId;
        long open;
        BidRow? existing;
        await using (var reads = await uow.Connection.QueryMultipleAsync(
            $"""
            select pg_advisory_xact_lock(hashtextextended('open-bids:' || @tenant::text, 0));
            select count(*) from bids where tenant_id = @tenant and status = 'open';
            select {Bids.Columns} from bids where id = @id;
            """, new { tenant, id = m.BidId }, uow.Transaction))
        {
            await reads.ReadAsync();
            open = await reads.ReadSingleAsync<long>();
            existing = await reads.ReadSingleOrDefaultAsync<BidRow>();
        }
        if (existing is not null)
        {
            await RespondExistingAsync(context, existing);
            return;
        }
        var errors = new ValidationErrors();
        MarketRules.ValidateBid(errors, clock.GetUtcNow(), m.GpuModel, m.GpuCount, m.DurationHours, m.EarliestStart, m.LatestStart,
            m.Regions, m.Interconnect?.Kind, m.Interconnect?.MinGbpsPerNode, m.MaxPricePerGpuHour, m.ExpiresAt);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        var quota = options.Value.MaxOpenBidsPerTenant;
        if (open >= quota)
        {
            await context.RespondQuotaExceededAsync(
                $"A tenant may have at most {quota} open bids at a time; cancel one, or wait until one wins or expires.");
            return;
        }

        // "on conflict do nothing": a duplicate placing the same id concurrently waits for the first and then finds it.
        // The bid and its first history row in one statement.
        var bid = await uow.QuerySingleOrDefaultAsync<BidRow>(
            $"""
            with placed as (
                insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions,
                                  interconnect_kind, min_gbps_per_node, max_price, expires_at)
                values (@BidId, @TenantId, @GpuModel, @GpuCount, @DurationHours, @EarliestStart, @LatestStart, @Regions,
                        @Kind, @MinGbps, @MaxPricePerGpuHour, @ExpiresAt)
                on conflict (id) do nothing
                returning {Bids.Columns}),
            history as (insert into bid_history (bid_id, status, detail) select id, 'open', 'placed' from placed)
            select {Bids.Columns} from placed
            """,
            new
            {
                m.BidId, TenantId = m.Caller.OrganizationId, m.GpuModel, m.GpuCount, m.DurationHours, m.EarliestStart, m.LatestStart,
                Regions = m.Regions.Distinct().ToArray(), Kind = m.Interconnect?.Kind, MinGbps = m.Interconnect?.MinGbpsPerNode,
                m.MaxPricePerGpuHour, ExpiresAt = m.ExpiresAt ?? m.LatestStart,
            });
        if (bid is null)
        {
            await RespondExistingAsync(context, (await Bids.LoadAsync(uow, m.BidId))!);
            return;
        }
        await uow.PublishAsync(new BidPlaced(bid.ToView()));
        metrics.BidPlaced(uow);
        await uow.CommitAsync(context.CancellationToken);
        await context.RespondAsync(bid.ToView());
    }

    /// <summary>The id was placed before (a retry through the gateway's Idempotency-Key): the owner gets that bid.</summary>
    private static Task RespondExistingAsync(ConsumeContext<PlaceBid> context, BidRow existing) =>
        existing.TenantId == context.Message.Caller.OrganizationId
            ? context.RespondAsync(existing.ToView())
            : context.RespondProblemAsync(409, "Conflict", "That bid id is taken.");
}
