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
        var errors = new ValidationErrors();
        MarketRules.ValidateBid(errors, clock.GetUtcNow(), m.GpuModel, m.GpuCount, m.DurationHours, m.EarliestStart, m.LatestStart,
            m.Regions, m.Interconnect?.Kind, m.Interconnect?.MinGbpsPerNode, m.MaxPricePerGpuHour, m.ExpiresAt);
        if (!errors.IsValid)
        {
            // A retry of a placed bid gets that bid even when its body no longer passes (its start went by meanwhile).
            if (await Bids.LoadAsync(uow, m.BidId) is { } placedBefore) await RespondExistingAsync(context, placedBefore);
            else await context.RespondInvalidAsync(errors);
            return;
        }

        // The tenant's placements take turns (a transaction-scoped lock per tenant), so concurrent ones cannot all
        // count the same "one below the quota" and overshoot it; a retry of a placed bid finds it here, never the quota.
        // One round trip: the lock; then the count, the lookup and the insert (with its history row) when the id is new
        // and the quota allows; then the row. Under read committed each statement takes its snapshot when it starts,
        // after the lock is held, so the count sees every placement that went before. "on conflict do nothing": a
        // duplicate placing the same id concurrently waits for the first, and the last statement then finds it.
        var quota = options.Value.MaxOpenBidsPerTenant;
        (long Open, bool Existed, bool Placed) outcome;
        BidRow bid;
        await using (var batch = await uow.Connection.QueryMultipleAsync(
            $"""
            select pg_advisory_xact_lock(hashtextextended('open-bids:' || @TenantId::text, 0));
            with existing as (select 1 from bids where id = @BidId),
            open_bids as (select count(*) as n from bids where tenant_id = @TenantId and status = 'open'),
            placed as (
                insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions,
                                  interconnect_kind, min_gbps_per_node, max_price, expires_at)
                select @BidId, @TenantId, @GpuModel, @GpuCount, @DurationHours, @EarliestStart, @LatestStart, @Regions,
                       @Kind, @MinGbps, @MaxPricePerGpuHour, @ExpiresAt
                where not exists (select 1 from existing) and (select n from open_bids) < @quota
                on conflict (id) do nothing
                returning id),
            history as (insert into bid_history (bid_id, status, detail) select id, 'open', 'placed' from placed)
            select (select n from open_bids) as open_bids, exists (select 1 from existing) as existed, exists (select 1 from placed) as placed;
            select {Bids.Columns} from bids where id = @BidId;
            """,
            new
            {
                m.BidId, TenantId = m.Caller.OrganizationId, m.GpuModel, m.GpuCount, m.DurationHours, m.EarliestStart, m.LatestStart,
                Regions = m.Regions.Distinct().ToArray(), Kind = m.Interconnect?.Kind, MinGbps = m.Interconnect?.MinGbpsPerNode,
                m.MaxPricePerGpuHour, ExpiresAt = m.ExpiresAt ?? m.LatestStart, quota,
            }, uow.Transaction))
        {
            await batch.ReadAsync();
            outcome = await batch.ReadSingleAsync<(long, bool, bool)>();
            bid = (await batch.ReadSingleOrDefaultAsync<BidRow>())!;
        }
        // Placed before (or by another placement of the same id just now): that bid. Not placed otherwise: the quota.
        if (outcome.Existed || (!outcome.Placed && outcome.Open < quota))
        {
            await RespondExistingAsync(context, bid);
            return;
        }
        if (!outcome.Placed)
        {
            await context.RespondQuotaExceededAsync(
                $"A tenant may have at most {quota} open bids at a time; cancel one, or wait until one wins or expires.");
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
