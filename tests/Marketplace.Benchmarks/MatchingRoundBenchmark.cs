using BenchmarkDotNet.Attributes;
using Marketplace.Allocation.Matching;
using Marketplace.Domain;

namespace Marketplace.Benchmarks;

/// <summary>One full round at the target size: 10,000 open bids against 1,000 clusters of 8 nodes.</summary>
/// <remarks>Median and min beside the mean: on a shared 2-core machine other processes skew the mean upwards.</remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class MatchingRoundBenchmark
{
    private RoundInput _input = null!;

    /// <summary>
    /// realistic: the mix of <see cref="RealisticMarket"/>. sold-out: the same bids, all for one model with no region
    /// or fabric restriction, limits tripled and every window opening now, so thousands of losers try every cluster.
    /// </summary>
    [Params("realistic", "sold-out")]
    public string Market { get; set; } = "realistic";

    [GlobalSetup]
    public void Setup()
    {
        var realistic = RealisticMarket.Generate(seed: 20260302);
        _input = Market == "sold-out" ? SoldOut(realistic) : realistic;
    }

    [Benchmark]
    public RoundResult ClearOneRound() => MatchingEngine.Clear(_input);

    private static RoundInput SoldOut(RoundInput input)
    {
        const string model = "H100-SXM-80GB";
        var firstStart = Hours.CeilingHour(input.Now);
        return input with
        {
            Clusters = [.. input.Clusters.Select(c => c with { GpuModel = model })],
            Bids = [.. input.Bids.Select(b => b with
            {
                GpuModel = model, Regions = [], InterconnectKind = null, MinGbpsPerNode = null,
                MaxPricePerGpuHour = b.MaxPricePerGpuHour * 3,
                EarliestStart = firstStart, LatestStart = firstStart + (b.LatestStart - b.EarliestStart),
            })],
        };
    }
}
