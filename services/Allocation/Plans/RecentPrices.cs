using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Plans;

/// <summary>The price the market has recently cleared at, for plans the market cannot quote (no capacity fits now).</summary>
public sealed class RecentPrices(Db db, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>
    /// Σ(price × GPU-hours) / Σ GPU-hours over the model's bookings confirmed in the last <see cref="Window"/> (the price
    /// series' all-regions rows, at most 169 of them); null if none.
    /// </summary>
    public async Task<decimal?> RecentVwapAsync(string gpuModel, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - Window;
        var vwap = await db.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<decimal?>(c,
            "select sum(value) / nullif(sum(gpu_hours), 0) from price_hours where gpu_model = @gpuModel and region = '' and hour >= date_trunc('hour', @since, 'UTC')",
            new { gpuModel, since }), ct);
        return vwap is { } v ? Money.Round(v) : null;
    }
}
