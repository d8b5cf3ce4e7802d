using System.Diagnostics;
using Marketplace.Allocation.Bookings;
using Marketplace.Allocation.Projection;
using Marketplace.Allocation.Matching;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// One round per market (GPU model): load the view, run the engine, record every decision, and start a booking
/// workflow for each winner, all in one transaction. An advisory lock per market lets several instances run
/// side by side while only one clears a given market at a time.
/// </summary>
public sealed class MarketClearing(Db db, OpenBidCache openBids, OccupancyCache occupancy, AllocationMetrics metrics, TimeProvider clock, ILogger<MarketClearing> logger)
{
    private static readonly string[] CatalogModels = GpuCatalog.All.Select(m => m.Id).ToArray();

    public async Task ClearAllMarketsAsync(CancellationToken ct)
    {
        // One probe of the open-bids index per catalog model: a distinct over the index read every open bid's entry
        // (and, for rows not yet all-visible, its heap row) on every round trigger, 4.7 ms at 14,000 open bids. Bids
        // are of catalog models (MarketRules); one of a model taken out of the catalog would only wait for its expiry.
        var models = await db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<string>(c,
            """
            select m.id from unnest(@catalog) with ordinality as m(id, n)
            where exists (select 1 from bids where bids.gpu_model = m.id and bids.status = 'open')
            order by m.n
            """, new { catalog = CatalogModels }), ct);
        foreach (var model in models) await ClearAsync(model, ct);
    }

    public async Task<long?> ClearAsync(string gpuModel, CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        if (!await uow.ExecuteScalarAsync<bool>("select pg_try_advisory_xact_lock(hashtextextended('market:' || @gpuModel, 0))", new { gpuModel }))
            return null; // another instance is clearing this market right now
        var startedAt = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var open = await openBids.ReadAsync(uow, gpuModel, startedAt);
        if (open.Count == 0) return null;
        var clusters = await ReadClustersAsync(uow, gpuModel, startedAt);
        var facts = new MarketFacts(startedAt, clusters);
        var bids = open.ToDecide(facts);
        if (bids.Count == 0) return null; // every open bid sleeps under every ask and was decided under these facts
        var input = new RoundInput(startedAt, await WithOccupancyAsync(uow, gpuModel, clusters, bids, occupancy), bids);

        var result = MatchingEngine.Clear(input);
        var winners = result.Decisions.Where(d => d.Won).ToList();
        // Both ends by the same clock: PostgreSQL's now() is the transaction's start, which came before startedAt.
        var roundId = await uow.QuerySingleAsync<long>(
            "insert into rounds (gpu_model, started_at, finished_at, open_bids, wins) values (@gpuModel, @startedAt, @finishedAt, @openBids, @wins) returning id",
            new { gpuModel, startedAt, finishedAt = startedAt + stopwatch.Elapsed, openBids = open.Count, wins = winners.Count });

        var bidsById = bids.ToDictionary(b => b.BidId);
        var clustersById = input.Clusters.ToDictionary(c => c.ClusterId);
        var bookingIds = await BookingWorkflow.StartAsync(uow, roundId,
            winners.Select(d => (bidsById[d.BidId], clustersById[d.Placement!.ClusterId], d.Placement!)).ToList());
        await RecordWinnersAsync(uow, roundId, winners, bookingIds);
        // Only losers whose reason changed: most of a round's losers lost the same way last round.
        var changedLosers = await OpenBids.RecordLosersAsync(uow, roundId,
            result.Decisions.Where(d => !d.Won && open.LastReasonOf(d.BidId) != d.Reason).ToList());
        if (winners.Count + changedLosers.Count > 0)
            await uow.PublishAsync(new BidsDecided(startedAt, [.. winners.Select(d => new BidDecisionNote(d.BidId, d.Reason)), .. changedLosers]));
        await RecordClearingPricesAsync(uow, roundId, gpuModel, startedAt, result, clustersById);
        await uow.CommitAsync(ct);
        open.Decided(facts);
        metrics.RoundCleared(gpuModel, stopwatch.Elapsed, open.Count, winners.Count);
        logger.LogInformation("Round {Round} for {Model}: {Open} open bids, {Bids} decided, {Wins} won, {Elapsed} ms",
            roundId, gpuModel, open.Count, bids.Count, winners.Count, stopwatch.ElapsedMilliseconds);
        return roundId;
    }

    /// <summary>
    /// The active clusters of the market, each with everything taken on it (from <see cref="OccupancyCache"/>): what
    /// quotes and plans read, as they try other limits and regions than the open bids'.
    /// </summary>
    internal static async Task<IReadOnlyList<ClusterCapacity>> LoadClustersAsync(UnitOfWork uow, string gpuModel, DateTimeOffset now,
        OccupancyCache occupancy) =>
        await WithOccupancyAsync(uow, gpuModel, await ReadClustersAsync(uow, gpuModel, now), bids: null, occupancy);

    /// <summary>The active clusters of the market in id order, without their bookings.</summary>
    private static async Task<IReadOnlyList<ClusterCapacity>> ReadClustersAsync(UnitOfWork uow, string gpuModel, DateTimeOffset now) =>
        (await uow.QueryAsync<ClusterRow>(
            "select * from clusters where gpu_model = @gpuModel and status = 'active' and available_until > @now order by id",
            new { gpuModel, now }))
        .Select(c => new ClusterCapacity(c.Id, c.ProviderId, c.GpuModel, c.Region, c.InterconnectKind, c.GbpsPerNode,
            c.GpusPerNode, c.NodeCount, c.AskPrice, c.AvailableFrom, c.AvailableUntil, []))
        .ToList();

    /// <summary>
    /// The clusters with what is taken on them. Only clusters some bid of <paramref name="bids"/> could use (its
    /// regions, its limit) need their bookings: on any other cluster the engine stops before looking at capacity.
    /// Without bids, every cluster gets its bookings.
    /// </summary>
    private static async Task<IReadOnlyList<ClusterCapacity>> WithOccupancyAsync(UnitOfWork uow, string gpuModel,
        IReadOnlyList<ClusterCapacity> clusters, IReadOnlyList<OpenBid>? bids, OccupancyCache occupancy)
    {
        HashSet<Guid> usable;
        if (bids is null) usable = clusters.Select(c => c.ClusterId).ToHashSet();
        else
        {
            var anyRegionLimit = bids.Where(b => b.Regions.Count == 0).Select(b => b.MaxPricePerGpuHour).DefaultIfEmpty(0m).Max();
            var regionLimit = bids.SelectMany(b => b.Regions.Select(r => (Region: r, Limit: b.MaxPricePerGpuHour)))
                .GroupBy(x => x.Region).ToDictionary(g => g.Key, g => g.Max(x => x.Limit));
            usable = clusters.Where(c => c.AskPricePerGpuHour <= Math.Max(anyRegionLimit, regionLimit.GetValueOrDefault(c.Region)))
                .Select(c => c.ClusterId).ToHashSet();
        }
        var occupied = await occupancy.ReadAsync(uow, gpuModel, usable);
        return clusters.Select(c => occupied[c.ClusterId] is var taken && taken.Any() ? c with { Occupied = taken.ToList() } : c).ToList();
    }

    /// <summary>One statement for all winners: what each won, where, at what price and why.</summary>
    private static Task RecordWinnersAsync(UnitOfWork uow, long roundId, List<Decision> winners, IReadOnlyDictionary<Guid, Guid> bookingIds) =>
        winners.Count == 0 ? Task.CompletedTask : uow.ExecuteAsync(
            """
            insert into round_decisions (round_id, bid_id, rank, won, booking_id, cluster_id, starts_at, price, price_set_by, reason)
            select @roundId, bid_id, rank, true, booking_id, cluster_id, starts_at, price, price_set_by, reason
            from unnest(@bidIds, @ranks, @bookings, @clusters, @starts, @prices, @setBy, @reasons)
                 as d(bid_id, rank, booking_id, cluster_id, starts_at, price, price_set_by, reason)
            """,
            new
            {
                roundId,
                bidIds = winners.Select(d => d.BidId).ToArray(),
                ranks = winners.Select(d => d.Rank).ToArray(),
                bookings = winners.Select(d => bookingIds[d.BidId]).ToArray(),
                clusters = winners.Select(d => d.Placement!.ClusterId).ToArray(),
                starts = winners.Select(d => d.Placement!.StartsAt).ToArray(),
                prices = winners.Select(d => d.Placement!.PricePerGpuHour).ToArray(),
                setBy = winners.Select(d => d.Placement!.PriceSetBy).ToArray(),
                reasons = winners.Select(d => d.Reason).ToArray(),
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
}
