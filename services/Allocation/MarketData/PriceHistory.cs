using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.MarketData;

/// <summary>Points of the price series from the hourly rollup: an hour reads its row, a day folds up to 24 of them.</summary>
public static class PriceHistory
{
    public static async Task<IReadOnlyList<PricePointView>> ReadAsync(Db db, string gpuModel, string? region, string interval,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        (await db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<PricePointView>(c,
            """
            select date_trunc(@interval, hour, 'UTC') as "At",
                   (array_agg(open order by open_at))[1] as "Open", max(high) as "High", min(low) as "Low",
                   (array_agg(close order by close_at desc))[1] as "Close",
                   round(sum(value) / sum(gpu_hours), 4) as "Vwap", sum(gpu_hours) as "GpuHours", sum(bookings)::int as "Bookings"
            from price_hours
            where gpu_model = @gpuModel and region = @region and hour >= date_trunc('hour', @from, 'UTC') and hour < @to
            group by 1 order by 1
            """, new { interval, gpuModel, region = region ?? "", from, to }), ct)).ToList();
}
