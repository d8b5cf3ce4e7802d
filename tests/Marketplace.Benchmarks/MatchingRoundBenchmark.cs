using BenchmarkDotNet.Attributes;
using Marketplace.Allocation.Matching;

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
    /// realistic: the mix of <see cref="RealisticMarket"/>. sold-out: <see cref="RealisticMarket.SoldOut"/>, the same
    /// bids all for one model with no restriction, limits tripled and every window opening now.
    /// </summary>
    [Params("realistic", "sold-out")]
    public string Market { get; set; } = "realistic";

    [GlobalSetup]
    public void Setup()
    {
        var realistic = RealisticMarket.Generate(seed: 20260302);
        _input = Market == "sold-out" ? RealisticMarket.SoldOut(realistic) : realistic;
    }

    [Benchmark]
    public RoundResult ClearOneRound() => MatchingEngine.Clear(_input);
}
