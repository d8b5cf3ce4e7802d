using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Projection;

/// <summary>Bids bidding placed, as rows of allocation's view: open, unless their closing came first.</summary>
public static class PlacedBids
{
    /// <summary>
    /// One insert for all of them; a bid already here (a redelivery, or the same bid in both event shapes) is left as
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
}
