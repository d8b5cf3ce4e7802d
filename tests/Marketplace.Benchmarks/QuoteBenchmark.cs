using BenchmarkDotNet.Attributes;
using Marketplace.Allocation.Matching;

namespace Marketplace.Benchmarks;

/// <summary>
/// A quote against the benchmark's market (issue 12: p99 ≤ 50 ms against 1,000 clusters): the engine part of
/// POST /v1/quotes, which is what grows with the market (reading the market is incremental, see MarketViews).
/// </summary>
/// <remarks>
/// realistic: the benchmark's market as the service reads it for an H100 quote (its H100 clusters and open bids, as
/// generated, no round run yet). one-model: the realistic market with every cluster and bid made H100, so one quote meets all 1,000 clusters and
/// 10,000 open bids (restrictions kept). between-rounds: the same after one round, its winners booked and its
/// losers open: what a quote meets in a running market, where open bids are those that could not fill.
/// sold-out: <see cref="RealisticMarket.SoldOut"/>.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[MaxColumn]
[Config(typeof(PercentileConfig))]
public class QuoteBenchmark
{
    private RoundInput _market = null!;
    private OpenBid _fits = null!;
    private OpenBid _underEveryAsk = null!;

    [Params("realistic", "one-model", "between-rounds", "sold-out")]
    public string Market { get; set; } = "one-model";

    [GlobalSetup]
    public void Setup()
    {
        var realistic = RealisticMarket.Generate(seed: 20260302);
        const string model = "H100-SXM-80GB";
        var oneModel = realistic with
        {
            Clusters = [.. realistic.Clusters.Select(c => c with { GpuModel = model })],
            Bids = [.. realistic.Bids.Select(b => b with { GpuModel = model })],
        };
        _market = Market switch
        {
            "sold-out" => RealisticMarket.SoldOut(realistic),
            "between-rounds" => AfterOneRound(oneModel),
            "realistic" => realistic with
            {
                Clusters = [.. realistic.Clusters.Where(c => c.GpuModel == model)],
                Bids = [.. realistic.Bids.Where(b => b.GpuModel == model)],
            },
            _ => oneModel,
        };
        var start = _market.Bids.Min(b => b.EarliestStart);
        // 16 GPUs for a day, any region, in the next four weeks, at up to 20 a GPU-hour: fills unless sold out.
        _fits = new OpenBid(Guid.Empty, Guid.Empty, model, 16, 24, start, start.AddDays(28), [], null, null, 20m, _market.Now);
        _underEveryAsk = _fits with { MaxPricePerGpuHour = 0.10m, Regions = ["us-east-1"] };
    }

    [Benchmark]
    public QuoteOutcome Quote() => Quoter.Quote(_market, _fits);

    /// <summary>A quote that cannot fill, with its alternatives (each one more quote, found by searches).</summary>
    [Benchmark]
    public int QuoteWithAlternatives()
    {
        var quote = Quoter.Quote(_market, _underEveryAsk);
        return quote.Fillable ? 0 : QuoteAlternatives.WithinMarket(_market, _underEveryAsk).Count;
    }

    private static RoundInput AfterOneRound(RoundInput market)
    {
        var won = MatchingEngine.Clear(market).Decisions.Where(d => d.Won).ToDictionary(d => d.BidId, d => d.Placement!);
        return market with
        {
            Clusters = [.. market.Clusters.Select(c => c with
            {
                Occupied = [.. c.Occupied, .. won.Values.Where(p => p.ClusterId == c.ClusterId).Select(p => new Occupancy(p.StartsAt, p.EndsAt, p.NodeCount))],
            })],
            Bids = [.. market.Bids.Where(b => !won.ContainsKey(b.BidId))],
        };
    }

    private sealed class PercentileConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public PercentileConfig() => AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P95);
    }
}
