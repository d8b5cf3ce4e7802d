using Marketplace.Allocation.Bookings;
using Marketplace.Allocation.Matching;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// What is booked, per market, kept in memory between rounds: each round reads only the bookings written since the
/// previous one (migration 0004's changed_xid), so a round costs what changed, not the market's whole history.
/// A booking occupies its nodes from its start to its end (or to where a cancellation released them) in every state
/// but void, in-flight workflows included, so a round never promises the same nodes twice.
/// Used only under the market's advisory lock, one round at a time per market; any failure drops the market's entry
/// and the next round reads it whole again.
/// </summary>
public sealed class OccupancyCache(TimeProvider clock)
{
    private sealed class MarketState
    {
        public required string Watermark { get; set; }
        public Dictionary<Guid, Booked> Bookings { get; } = [];
        public DateTimeOffset NextPrune { get; set; }
    }

    private sealed record Booked(Guid ClusterId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int NodeCount);

    private readonly Dictionary<string, MarketState> _markets = [];
    private readonly Lock _lock = new();

    /// <summary>The occupancy of the clusters asked for, current as of this transaction's reads.</summary>
    public async Task<ILookup<Guid, Occupancy>> ReadAsync(UnitOfWork uow, string gpuModel, IReadOnlyCollection<Guid> clusterIds)
    {
        MarketState? state;
        lock (_lock) _markets.TryGetValue(gpuModel, out state);
        try
        {
            var watermark = await ChangeWatermark.ReadAsync(uow);
            var now = clock.GetUtcNow();
            var changed = await uow.QueryAsync<Row>(
                """
                select id, cluster_id, starts_at, coalesce(least(ends_at, released_from), ends_at) as ends_at, node_count, state
                from bookings
                where gpu_model = @gpuModel and (@since::xid8 is null or changed_xid >= @since::xid8)
                  and (@since::xid8 is not null or state <> 'void')
                """, new { gpuModel, since = state?.Watermark });
            state ??= new MarketState { Watermark = watermark };
            state.Watermark = watermark;
            foreach (var row in changed)
            {
                if (row.State == BookingStates.Void || row.EndsAt <= row.StartsAt || row.EndsAt <= now) state.Bookings.Remove(row.Id);
                else state.Bookings[row.Id] = new Booked(row.ClusterId, row.StartsAt, row.EndsAt, row.NodeCount);
            }
            if (now >= state.NextPrune)
            {
                // Bookings that ended stay in memory until a sweep; they no longer occupy anything a round could use.
                foreach (var ended in state.Bookings.Where(b => b.Value.EndsAt <= now).Select(b => b.Key).ToList()) state.Bookings.Remove(ended);
                state.NextPrune = now.AddMinutes(5);
            }
            lock (_lock) _markets[gpuModel] = state;
            var wanted = clusterIds as IReadOnlySet<Guid> ?? clusterIds.ToHashSet();
            return state.Bookings.Values.Where(b => wanted.Contains(b.ClusterId))
                .ToLookup(b => b.ClusterId, b => new Occupancy(b.StartsAt, b.EndsAt, b.NodeCount));
        }
        catch
        {
            Forget(gpuModel);
            throw;
        }
    }

    /// <summary>The round's transaction did not commit: what this cache read inside it may be ahead of the database.</summary>
    public void Forget(string gpuModel)
    {
        lock (_lock) _markets.Remove(gpuModel);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid ClusterId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public int NodeCount { get; init; }
        public string State { get; init; } = "";
    }
}
