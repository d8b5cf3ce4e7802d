using System.Collections.Concurrent;
using Marketplace.Allocation.Matching;
using Marketplace.Allocation.Rounds;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Quotes;

/// <summary>
/// A market as the next round will see it (open bids, active clusters and what is booked on them), for quotes and
/// plans. Read with the round's own code (<see cref="OpenBidCache"/>, <see cref="OccupancyCache"/>,
/// <see cref="MarketClearing.LoadClustersAsync"/>) but through caches of its own: the round's caches are used only
/// under the market's advisory lock, and a quote must neither wait for a round nor make one wait. One read per market
/// at a time, so each cache is used as the round uses its own; each read costs what changed since the previous one.
/// </summary>
public sealed class MarketViews(Db db, TimeProvider clock)
{
    private readonly OpenBidCache _bids = new();
    private readonly OccupancyCache _occupancy = new(clock);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<RoundInput> ReadAsync(string gpuModel, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(gpuModel, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Read-only: the transaction only gives the reads one connection; it is rolled back on dispose.
            await using var uow = await db.BeginAsync(ct);
            var now = clock.GetUtcNow();
            var open = await _bids.ReadAsync(uow, gpuModel, now);
            var clusters = await MarketClearing.LoadClustersAsync(uow, gpuModel, now, _occupancy);
            return new RoundInput(now, clusters, open.Bids);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The GPU models with at least one active cluster: the markets an "other-gpu-model" alternative may use.</summary>
    public Task<IEnumerable<string>> ModelsWithCapacityAsync(CancellationToken ct) =>
        db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<string>(c,
            "select distinct gpu_model from clusters where status = 'active' and available_until > now() order by gpu_model"), ct);
}
