using Marketplace.Allocation.Matching;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// The open bids of each market, kept in memory between rounds: each round reads only the bids written since the
/// previous one (<see cref="ChangeWatermark"/>), so a thousand bids that cannot fill cost a round nothing to read, and
/// their last recorded reason is known without asking the database. Used under the market's advisory lock, one round
/// at a time per market; any failure drops the market's entry and the next round reads it whole again.
/// </summary>
public sealed class OpenBidCache
{
    private sealed class MarketState
    {
        public required string Watermark { get; set; }
        public Dictionary<Guid, (OpenBid Bid, DateTimeOffset ExpiresAt, string? LastReason)> Bids { get; } = [];
    }

    /// <summary>The market's open bids that can still start, in id order (the engine's tie-break), with their last reasons.</summary>
    public sealed record Snapshot(IReadOnlyList<OpenBid> Bids, IReadOnlyDictionary<Guid, string?> LastReasons);

    private readonly Dictionary<string, MarketState> _markets = [];
    private readonly Lock _lock = new();

    public async Task<Snapshot> ReadAsync(UnitOfWork uow, string gpuModel, DateTimeOffset now)
    {
        MarketState? state;
        lock (_lock) _markets.TryGetValue(gpuModel, out state);
        try
        {
            var watermark = await ChangeWatermark.ReadAsync(uow);
            var changed = await uow.QueryAsync<Row>(
                """
                select id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions, interconnect_kind,
                       min_gbps_per_node, max_price, expires_at, placed_at, status, last_reason
                from bids
                where gpu_model = @gpuModel and (@since::xid8 is null or changed_xid >= @since::xid8)
                  and (@since::xid8 is not null or status = 'open')
                """, new { gpuModel, since = state?.Watermark });
            state ??= new MarketState { Watermark = watermark };
            state.Watermark = watermark;
            foreach (var b in changed)
            {
                if (b.Status != "open") { state.Bids.Remove(b.Id); continue; }
                state.Bids[b.Id] = (new OpenBid(b.Id, b.TenantId, b.GpuModel, b.GpuCount, b.DurationHours, b.EarliestStart, b.LatestStart,
                    b.Regions, b.InterconnectKind, b.MinGbpsPerNode, b.MaxPrice, b.PlacedAt), b.ExpiresAt, b.LastReason);
            }
            // A bid past its deadline can never be placed again (bidding's sweeper closes it, and its event closes it here).
            foreach (var gone in state.Bids.Where(b => b.Value.Bid.LatestStart < now || b.Value.ExpiresAt <= now).Select(b => b.Key).ToList())
                state.Bids.Remove(gone);
            lock (_lock) _markets[gpuModel] = state;
            var live = state.Bids.Values.OrderBy(b => b.Bid.BidId).ToList();
            return new Snapshot(live.Select(b => b.Bid).ToList(), live.ToDictionary(b => b.Bid.BidId, b => b.LastReason));
        }
        catch
        {
            Forget(gpuModel);
            throw;
        }
    }

    public void Forget(string gpuModel)
    {
        lock (_lock) _markets.Remove(gpuModel);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid TenantId { get; init; }
        public string GpuModel { get; init; } = "";
        public int GpuCount { get; init; }
        public int DurationHours { get; init; }
        public DateTimeOffset EarliestStart { get; init; }
        public DateTimeOffset LatestStart { get; init; }
        public string[] Regions { get; init; } = [];
        public string? InterconnectKind { get; init; }
        public int? MinGbpsPerNode { get; init; }
        public decimal MaxPrice { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset PlacedAt { get; init; }
        public string Status { get; init; } = "";
        public string? LastReason { get; init; }
    }
}
