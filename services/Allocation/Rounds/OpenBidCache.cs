using Marketplace.Allocation.Matching;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// The open bids of each market, kept in memory between rounds: each round reads only the bids written since the
/// previous one (<see cref="ChangeWatermark"/>), so a thousand bids that cannot fill cost a round nothing to read, and
/// their last recorded reason is known without asking the database. Used under the market's advisory lock, one round
/// at a time per market; any failure drops the market's entry and the next round reads it whole again.
/// It also remembers which bids sleep under every ask and were already decided (<see cref="SleepingBids"/>).
/// </summary>
public sealed class OpenBidCache
{
    internal sealed class MarketState
    {
        public required string Watermark { get; set; }
        public Dictionary<Guid, (OpenBid Bid, DateTimeOffset ExpiresAt, string? LastReason)> Bids { get; } = [];
        public SleepingBids Sleeping { get; } = new();
    }

    /// <summary>
    /// The market's open bids that can still start, with their last reasons. A view of the cache, valid until the next
    /// read of the same market (the caller holds the market's lock or gate until it is done with it).
    /// </summary>
    public sealed class Snapshot
    {
        private readonly MarketState _state;
        private List<OpenBid>? _sleepersToDecide;

        internal Snapshot(MarketState state) => _state = state;

        public int Count => _state.Bids.Count;

        /// <summary>Every open bid (a copy, in no particular order: the engine's result does not depend on it).</summary>
        public IReadOnlyList<OpenBid> Bids => _state.Bids.Values.Select(b => b.Bid).ToList();

        public string? LastReasonOf(Guid bidId) => _state.Bids.TryGetValue(bidId, out var b) ? b.LastReason : null;

        /// <summary>
        /// What a round must decide under <paramref name="facts"/>: every bid some cluster's ask reaches, and the
        /// sleeping bids not yet decided under these facts. <see cref="Decided"/> records the latter once committed.
        /// </summary>
        internal IReadOnlyList<OpenBid> ToDecide(MarketFacts facts)
        {
            var decide = new List<OpenBid>();
            _sleepersToDecide = _state.Sleeping.Select(_state.Bids.Values.Select(b => b.Bid), facts, decide);
            return decide;
        }

        /// <summary>The round that decided <see cref="ToDecide"/>'s sleeping bids committed: they sleep until the facts change.</summary>
        internal void Decided(MarketFacts facts)
        {
            if (_sleepersToDecide is { } sleepers) _state.Sleeping.Decided(facts, sleepers);
        }
    }

    private readonly Dictionary<string, MarketState> _markets = [];
    private readonly Lock _lock = new();

    public async Task<Snapshot> ReadAsync(UnitOfWork uow, string gpuModel, DateTimeOffset now)
    {
        MarketState? state;
        lock (_lock) _markets.TryGetValue(gpuModel, out state);
        try
        {
            var watermark = await ChangeWatermark.ReadAsync(uow);
            var changed = await uow.QueryAsync<Row>(ReadSql(incremental: state is not null), new { gpuModel, since = state?.Watermark });
            state ??= new MarketState { Watermark = watermark };
            state.Watermark = watermark;
            foreach (var b in changed)
            {
                if (b.Status != "open") { Remove(state, b.Id); continue; }
                // Written since the last round, here or by another instance (its reason, a win and a reopening): decided
                // again, so a reason another instance wrote under other clusters never stays. A bid this instance just
                // decided comes back once, is told the same and is not written again.
                state.Sleeping.Forget(b.Id);
                state.Bids[b.Id] = (new OpenBid(b.Id, b.TenantId, b.GpuModel, b.GpuCount, b.DurationHours, b.EarliestStart, b.LatestStart,
                    b.Regions, b.InterconnectKind, b.MinGbpsPerNode, b.MaxPrice, b.PlacedAt), b.ExpiresAt, b.LastReason);
            }
            // A bid past its deadline can never be placed again (bidding's sweeper closes it, and its event closes it here).
            List<Guid>? gone = null;
            foreach (var (id, b) in state.Bids)
                if (b.Bid.LatestStart < now || b.ExpiresAt <= now) (gone ??= []).Add(id);
            if (gone is not null) foreach (var id in gone) Remove(state, id);
            lock (_lock) _markets[gpuModel] = state;
            return new Snapshot(state);
        }
        catch
        {
            Forget(gpuModel);
            throw;
        }
    }

    /// <summary>The market's open bids the first time, then the bids written since the watermark (<see cref="ChangeWatermark.Rows"/>).</summary>
    internal static string ReadSql(bool incremental) =>
        $"""
        select id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions, interconnect_kind,
               min_gbps_per_node, max_price, expires_at, placed_at, status, last_reason
        from bids
        where gpu_model = @gpuModel and {ChangeWatermark.Rows(incremental, whole: "status = 'open'")}
        """;

    public void Forget(string gpuModel)
    {
        lock (_lock) _markets.Remove(gpuModel);
    }

    private static void Remove(MarketState state, Guid bidId)
    {
        state.Bids.Remove(bidId);
        state.Sleeping.Forget(bidId);
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
