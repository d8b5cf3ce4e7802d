using Marketplace.Allocation.Bookings;
using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.MarketData;

/// <summary>
/// The market's depth now, from allocation's own view (the clusters and bids it trades on, and what it has booked):
/// free GPU-hours per ask level over the next 7 and 28 days from the next whole hour, and open demand per limit level.
/// Capacity is taken exactly as the rounds take it (every booking state but void, to where a cancellation released it).
/// </summary>
public static class MarketDepth
{
    public static async Task<MarketDepthView> ReadAsync(Db db, string gpuModel, string? region, DateTimeOffset now, CancellationToken ct)
    {
        var from = Hours.CeilingHour(now);
        var args = new { gpuModel, region, now, from, to7 = from.AddDays(7), to28 = from.AddDays(28), occupying = BookingStates.Occupying };
        // The region is a condition only when asked for (SqlFilters says why); a bid naming no regions takes any.
        var inRegion = new SqlFilters().AddIf(region is not null, "region = @region");
        var wantsRegion = new SqlFilters().AddIf(region is not null, "(cardinality(regions) = 0 or @region = any(regions))");
        return await db.ReadAsync(async c =>
        {
            var supply = await Dapper.SqlMapper.QueryAsync<SupplyLevelView>(c,
                $"""
                with market as (
                    select id, ask_price, gpus_per_node, node_count, available_from, available_until from clusters
                    where gpu_model = @gpuModel and status = 'active' and available_until > @now {inRegion.And}),
                booked as (
                    select b.cluster_id,
                           sum(b.node_count * greatest(0, extract(epoch from least(least(b.ends_at, coalesce(b.released_from, b.ends_at)), @to7) - greatest(b.starts_at, @from)) / 3600)) as h7,
                           sum(b.node_count * greatest(0, extract(epoch from least(least(b.ends_at, coalesce(b.released_from, b.ends_at)), @to28) - greatest(b.starts_at, @from)) / 3600)) as h28
                    from bookings b
                    where b.cluster_id in (select id from market) and b.state = any(@occupying) and b.ends_at > @from and b.starts_at < @to28
                    group by b.cluster_id)
                select m.ask_price as "PricePerGpuHour", count(*)::int as "Clusters",
                       sum(m.gpus_per_node * greatest(0, m.node_count * greatest(0, extract(epoch from least(m.available_until, @to7) - greatest(m.available_from, @from)) / 3600) - coalesce(b.h7, 0)))::numeric(18,2) as "FreeGpuHours7d",
                       sum(m.gpus_per_node * greatest(0, m.node_count * greatest(0, extract(epoch from least(m.available_until, @to28) - greatest(m.available_from, @from)) / 3600) - coalesce(b.h28, 0)))::numeric(18,2) as "FreeGpuHours28d"
                from market m left join booked b on b.cluster_id = m.id
                group by m.ask_price order by m.ask_price
                """, args);
            var demand = await Dapper.SqlMapper.QueryAsync<DemandLevelView>(c,
                $"""
                select max_price as "PricePerGpuHour", count(*)::int as "OpenBids", sum(gpu_count)::bigint as "GpuCount"
                from bids
                where gpu_model = @gpuModel and status = 'open' and latest_start >= @from and expires_at > @now
                  {wantsRegion.And}
                group by max_price order by max_price desc
                """, args);
            return new MarketDepthView(gpuModel, region, now, supply.ToList(), demand.ToList());
        }, ct);
    }
}
