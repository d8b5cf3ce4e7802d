using System.Diagnostics;
using Marketplace.Allocation.Bookings;
using Marketplace.Allocation.Matching;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// One round per market (GPU model): load the view, run the engine, record every decision, and start a booking
/// workflow for each winner, all in one transaction. An advisory lock per market lets several instances run
/// side by side while only one clears a given market at a time.
/// </summary>
public sealed class MarketClearing(Db db, TimeProvider clock, ILogger<MarketClearing> logger, AllocationMetrics metrics)
{
    public async Task ClearAllMarketsAsync(CancellationToken ct)
    {
        var models = await db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<string>(c,
            "select distinct gpu_model from bids where status = 'open'"), ct);
        foreach (var model in models) await ClearAsync(model, ct);
    }

    public async Task<long?> ClearAsync(string gpuModel, CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        if (!await uow.ExecuteScalarAsync<bool>("select pg_try_advisory_xact_lock(hashtextextended('market:' || @gpuModel, 0))", new { gpuModel }))
            return null; // another instance is clearing this market right now
        var now = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var input = new RoundInput(now, await LoadClustersAsync(uow, gpuModel, now), await LoadBidsAsync(uow, gpuModel, now));
        if (input.Bids.Count == 0) return null;

        var result = MatchingEngine.Clear(input);
        var roundId = await uow.QuerySingleAsync<long>(
            "insert into rounds (gpu_model, started_at, finished_at, open_bids, wins) values (@gpuModel, @now, now(), @bids, @wins) returning id",
            new { gpuModel, now, bids = input.Bids.Count, wins = result.Decisions.Count(d => d.Won) });

        var bids = input.Bids.ToDictionary(b => b.BidId);
        var clusters = input.Clusters.ToDictionary(c => c.ClusterId);
        foreach (var decision in result.Decisions.Where(d => d.Won))
        {
            var p = decision.Placement!;
            var bookingId = await BookingWorkflow.StartAsync(uow, roundId, bids[decision.BidId], clusters[p.ClusterId], p);
            await uow.ExecuteAsync(
                """
                insert into round_decisions (round_id, bid_id, rank, won, booking_id, cluster_id, starts_at, price, price_set_by, reason)
                values (@roundId, @BidId, @Rank, true, @bookingId, @ClusterId, @StartsAt, @PricePerGpuHour, @PriceSetBy, @Reason)
                """,
                new { roundId, decision.BidId, decision.Rank, bookingId, p.ClusterId, p.StartsAt, p.PricePerGpuHour, p.PriceSetBy, decision.Reason });
        }
        await RecordLosersAsync(uow, roundId, result.Decisions.Where(d => !d.Won).ToList());
        await RecordClearingPricesAsync(uow, roundId, gpuModel, now, result, clusters);
        await uow.CommitAsync(ct);
        metrics.RoundCleared(gpuModel, stopwatch.Elapsed, input.Bids.Count, result.Decisions.Count(d => d.Won));
        logger.LogInformation("Round {Round} for {Model}: {Bids} open bids, {Wins} won, {Elapsed} ms",
            roundId, gpuModel, input.Bids.Count, result.Decisions.Count(d => d.Won), stopwatch.ElapsedMilliseconds);
        return roundId;
    }

    private static async Task<IReadOnlyList<ClusterCapacity>> LoadClustersAsync(UnitOfWork uow, string gpuModel, DateTimeOffset now)
    {
        var clusters = (await uow.QueryAsync<ClusterRow>(
            "select * from clusters where gpu_model = @gpuModel and status = 'active' and available_until > @now order by id",
            new { gpuModel, now })).ToList();
        // Everything taken or being taken: in-flight workflows count too, so a round never promises the same nodes twice.
        var occupied = (await uow.QueryAsync<(Guid ClusterId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int NodeCount)>(
            """
            select cluster_id, starts_at, coalesce(least(ends_at, released_from), ends_at), node_count from bookings
            where state in ('holding', 'awarding', 'confirming', 'confirmed', 'cancelled') and gpu_model = @gpuModel
              and coalesce(least(ends_at, released_from), ends_at) > @now
              and coalesce(least(ends_at, released_from), ends_at) > starts_at
            """, new { gpuModel, now })).ToLookup(o => o.ClusterId);
        return clusters.Select(c => new ClusterCapacity(c.Id, c.ProviderId, c.GpuModel, c.Region, c.InterconnectKind, c.GbpsPerNode,
                c.GpusPerNode, c.NodeCount, c.AskPrice, c.AvailableFrom, c.AvailableUntil,
                occupied[c.Id].Select(o => new Occupancy(o.StartsAt, o.EndsAt, o.NodeCount)).ToList()))
            .ToList();
    }

    private static async Task<IReadOnlyList<OpenBid>> LoadBidsAsync(UnitOfWork uow, string gpuModel, DateTimeOffset now) =>
        (await uow.QueryAsync<BidRow>(
            """
            select * from bids where gpu_model = @gpuModel and status = 'open' and expires_at > @now and latest_start >= @now
            order by id
            """, new { gpuModel, now }))
        .Select(b => new OpenBid(b.Id, b.TenantId, b.GpuModel, b.GpuCount, b.DurationHours, b.EarliestStart, b.LatestStart,
            b.Regions, b.InterconnectKind, b.MinGbpsPerNode, b.MaxPrice, b.PlacedAt))
        .ToList();

    /// <summary>One statement for all losers: a decision row only where the bid's reason changed since its last one.</summary>
    private static Task RecordLosersAsync(UnitOfWork uow, long roundId, List<Decision> losers) =>
        losers.Count == 0 ? Task.CompletedTask : uow.ExecuteAsync(
            """
            with decided as (
                select * from unnest(@bidIds, @ranks, @reasons) as d(bid_id, rank, reason)),
            changed as (
                update bids b set last_reason = d.reason from decided d
                where b.id = d.bid_id and b.last_reason is distinct from d.reason
                returning d.bid_id, d.rank, d.reason)
            insert into round_decisions (round_id, bid_id, rank, won, reason)
            select @roundId, bid_id, rank, false, reason from changed
            """,
            new
            {
                roundId,
                bidIds = losers.Select(d => d.BidId).ToArray(),
                ranks = losers.Select(d => d.Rank).ToArray(),
                reasons = losers.Select(d => d.Reason).ToArray(),
            });

    private static async Task RecordClearingPricesAsync(UnitOfWork uow, long roundId, string gpuModel, DateTimeOffset now,
        RoundResult result, Dictionary<Guid, ClusterCapacity> clusters)
    {
        var byRegion = result.Decisions.Where(d => d.Won).Select(d => d.Placement!)
            .GroupBy(p => clusters[p.ClusterId].Region);
        foreach (var region in byRegion)
        {
            var gpuHours = region.Sum(p => (decimal)p.GpuCount * (decimal)(p.EndsAt - p.StartsAt).TotalHours);
            var price = Money.Round(region.Sum(p => p.PricePerGpuHour * p.GpuCount * (decimal)(p.EndsAt - p.StartsAt).TotalHours) / gpuHours);
            await uow.ExecuteAsync(
                "insert into clearing_prices (round_id, gpu_model, region, at, price, gpu_hours) values (@roundId, @gpuModel, @Key, @now, @price, @gpuHours)",
                new { roundId, gpuModel, region.Key, now, price, gpuHours });
        }
    }

    private sealed class ClusterRow
    {
        public Guid Id { get; init; }
        public Guid ProviderId { get; init; }
        public string GpuModel { get; init; } = "";
        public string Region { get; init; } = "";
        public string InterconnectKind { get; init; } = "";
        public int GbpsPerNode { get; init; }
        public int GpusPerNode { get; init; }
        public int NodeCount { get; init; }
        public decimal AskPrice { get; init; }
        public DateTimeOffset AvailableFrom { get; init; }
        public DateTimeOffset AvailableUntil { get; init; }
    }

    private sealed class BidRow
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
        public DateTimeOffset PlacedAt { get; init; }
    }
}
