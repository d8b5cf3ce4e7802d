using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>Places the i-th bid of a run (tenants in turn, a fresh Idempotency-Key each) and records what came back.</summary>
public sealed class BidPoster(Api api, RunMarket market, bool neverFill)
{
    /// <param name="startedAt">A <see cref="Stopwatch"/> timestamp: when the request was due.</param>
    public async Task<PostRecord> PostAsync(long i, long startedAt)
    {
        var tenant = (int)(i % market.TenantKeys.Count);
        var (status, created) = await api.TryPostAsync("/v1/bids", market.TenantKeys[tenant], market.Bid(neverFill), $"{market.Tag}-{i}");
        var latency = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
        return created is null
            ? new PostRecord(latency, status, tenant, null, null)
            : new PostRecord(latency, status, tenant, created["id"]!.GetValue<Guid>(), created["createdAt"]!.GetValue<DateTimeOffset>());
    }
}
