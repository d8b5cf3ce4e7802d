using Marketplace.Allocation.Bookings;
using Marketplace.Allocation.Matching;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// What is booked, per market, kept in memory between rounds: each round reads only the bookings written since the
/// previous one (migration 0004's changed_xid), and only for the clusters it asks for (<see cref="BookedNodes"/>), so a
/// round costs what changed and what is booked where its bids could go, not the market's whole history.
/// A booking occupies its nodes from its start to its end (or to where a cancellation released them) in every state
/// but void, in-flight workflows included, so a round never promises the same nodes twice. Outages and holds inventory
/// just refused (<see cref="HoldRefusals"/>) count as taken too.
/// Used only under the market's advisory lock, one round at a time per market; any failure drops the market's entry
/// and the next round reads it whole again.
/// </summary>
public sealed class OccupancyCache(TimeProvider clock)
{
    private sealed class MarketState
    {
        public required string Watermark { get; set; }
        public BookedNodes Booked { get; } = new();
        public DateTimeOffset NextPrune { get; set; }
    }

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
            var changed = await uow.QueryAsync<Row>(ReadSql(incremental: state is not null), new { gpuModel, since = state?.Watermark });
            state ??= new MarketState { Watermark = watermark };
            state.Watermark = watermark;
            foreach (var row in changed)
            {
                var endsAt = row.ReleasedFrom is { } released && released < row.EndsAt ? released : row.EndsAt;
                if (row.State == BookingStates.Void || endsAt <= row.StartsAt || endsAt <= now) state.Booked.Remove(row.Id);
                else state.Booked.Put(row.Id, Segments(row), endsAt);
            }
            if (now >= state.NextPrune)
            {
                // Bookings that ended stay in memory until a sweep; they no longer occupy anything a round could use.
                state.Booked.RemoveEnded(now);
                state.NextPrune = now.AddMinutes(5);
            }
            lock (_lock) _markets[gpuModel] = state;
            var wanted = clusterIds as IReadOnlySet<Guid> ?? clusterIds.ToHashSet();
            // Outages and refused holds (HoldRefusals) are few and short-lived: read whole each time, in one statement,
            // rather than tracked like bookings.
            var outagesAndRefusals = await uow.QueryAsync<(Guid ClusterId, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, int NodeCount)>(
                "select cluster_id, starts_at, ends_at, node_count from outages where gpu_model = @gpuModel and (ends_at is null or ends_at > @now)"
                + " union all " + HoldRefusals.OccupancySql,
                new { gpuModel, now });
            var openEnded = now.AddYears(OpenOutageYears);
            return wanted.SelectMany(clusterId => state.Booked.On(clusterId).Select(occupied => (ClusterId: clusterId, Occupied: occupied)))
                .Concat(outagesAndRefusals.Where(o => wanted.Contains(o.ClusterId))
                    .Select(o => (o.ClusterId, Occupied: new Occupancy(o.StartsAt, o.EndsAt ?? openEnded, o.NodeCount))))
                .ToLookup(x => x.ClusterId, x => x.Occupied);
        }
        catch
        {
            Forget(gpuModel);
            throw;
        }
    }

    /// <summary>The market's bookings the first time, then those written since the watermark (<see cref="ChangeWatermark.Rows"/>).</summary>
    internal static string ReadSql(bool incremental) =>
        $"""
        select id, cluster_id, starts_at, ends_at, released_from, node_count, state, changes
        from bookings
        where gpu_model = @gpuModel and {ChangeWatermark.Rows(incremental, whole: "state <> 'void'")}
        """;

    /// <summary>An outage with no end yet occupies its nodes this far ahead: past any horizon a round schedules in.</summary>
    private const int OpenOutageYears = 10;

    private static IReadOnlyList<BookingSegment> Segments(Row row) => row.Changes is null
        ? [new BookingSegment(row.ClusterId, row.NodeCount, row.StartsAt, row.ReleasedFrom is { } r && r < row.EndsAt ? r : row.EndsAt)]
        : new BookingRow
        {
            ClusterId = row.ClusterId, NodeCount = row.NodeCount, StartsAt = row.StartsAt, EndsAt = row.EndsAt,
            ReleasedFrom = row.ReleasedFrom, Changes = row.Changes,
        }.Segments();

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
        public DateTimeOffset? ReleasedFrom { get; init; }
        public string? Changes { get; init; }
    }
}
