using Marketplace.Allocation.Matching;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Projection;

/// <summary>
/// The allocation service's view of bids (table <c>bids</c>): the only code that writes it. A bid is open (the market
/// may place it), allocating (a booking workflow is in flight for it) or closed (won, cancelled or expired).
/// </summary>
public static class OpenBids
{
    /// <summary>
    /// Bids bidding placed, in one insert for all of them; a bid already here (a redelivery, or the same bid in both event shapes) is left as
    /// it is, and one whose closing overtook its placing (another queue) is recorded closed.
    /// </summary>
    public static Task OpenAsync(UnitOfWork uow, IReadOnlyList<BidView> bids) =>
        uow.ExecuteAsync(
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
            order by b.id
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

    /// <summary>
    /// A round placed these bids: a booking workflow is now in flight for each. The reason each last lost for is
    /// forgotten: the bid was last told it won, so if the workflow falls through and the bid reopens, losing again for
    /// that same reason is news (a new decision row and a new lastDecision), not a repeat to leave out.
    /// </summary>
    public static Task MarkAllocatingAsync(UnitOfWork uow, Guid[] bidIds) =>
        bidIds.Length == 0 ? Task.CompletedTask
            : uow.ExecuteAsync("update bids set status = 'allocating', last_reason = null where id = any(@bidIds) and status = 'open'", new { bidIds });

    /// <summary>The workflow dropped its decision (nodes unavailable, award refused): the bids can be placed again.</summary>
    public static Task ReopenAsync(UnitOfWork uow, Guid[] bidIds) =>
        bidIds.Length == 0 ? Task.CompletedTask
            : uow.ExecuteAsync("update bids set status = 'open' where id = any(@bidIds) and status = 'allocating'", new { bidIds });

    /// <summary>
    /// Bids that won, were cancelled or expired leave the market for good. The closing is remembered on its own, because
    /// events travel on separate queues and a closing can overtake the placing: the bid then never opens here.
    /// </summary>
    public static async Task CloseAsync(UnitOfWork uow, Guid[] bidIds, string reason)
    {
        if (bidIds.Length == 0) return;
        bidIds = bidIds.Order().ToArray(); // closures in id order: two closings of overlapping bids cannot deadlock on them
        await uow.ExecuteAsync(
            "insert into bid_closures (bid_id, reason) select unnest(@bidIds), @reason on conflict do nothing", new { bidIds, reason });
        await uow.ExecuteAsync("update bids set status = 'closed' where id = any(@bidIds) and status <> 'closed'", new { bidIds });
    }

    /// <summary>
    /// Records why each losing bid did not win: a decision row only where the bid's reason changed since its last one,
    /// so round_decisions grows with what happens, not with how often rounds run.
    /// </summary>
    /// <returns>The losers whose reason changed (those recorded), for bidding's lastDecision.</returns>
    public static async Task<IReadOnlyList<BidDecisionNote>> RecordLosersAsync(UnitOfWork uow, long roundId, IReadOnlyList<Decision> losers) =>
        losers.Count == 0 ? [] : (await uow.QueryAsync<BidDecisionNote>(
            """
            with decided as (
                select * from unnest(@bidIds, @ranks, @reasons) as d(bid_id, rank, reason)),
            changed as (
                update bids b set last_reason = d.reason from decided d
                where b.id = d.bid_id and b.last_reason is distinct from d.reason
                returning d.bid_id, d.rank, d.reason)
            insert into round_decisions (round_id, bid_id, rank, won, reason)
            select @roundId, bid_id, rank, false, reason from changed
            returning bid_id as "BidId", reason as "Reason"
            """,
            new
            {
                roundId,
                bidIds = losers.Select(d => d.BidId).ToArray(),
                ranks = losers.Select(d => d.Rank).ToArray(),
                reasons = losers.Select(d => d.Reason).ToArray(),
            })).ToList();
}
