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

    [GlobalSetup]
    public void Setup() => _input = RealisticMarket.Generate(seed: 20260302);

    [Benchmark]
    public RoundResult ClearOneRound() => MatchingEngine.Clear(_input);
}
