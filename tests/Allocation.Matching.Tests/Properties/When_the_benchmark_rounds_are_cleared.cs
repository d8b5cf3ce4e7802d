using Marketplace.Allocation.Matching.Tests.Support;
using Marketplace.Benchmarks;

namespace Marketplace.Allocation.Matching.Tests.Properties;

/// <summary>
/// A guard for work on the engine's speed: the benchmark's two rounds must be decided exactly as they were when the
/// fingerprints were recorded (from the engine before the issue 11 speed work). Any change to a winner, placement,
/// price, PriceSetBy, rank or reason string changes the fingerprint. Only a deliberate change of the market rules may
/// update these values, and its commit must say so.
/// </summary>
public class When_the_benchmark_rounds_are_cleared
{
    private const string Realistic = "46eb4f6b47becfa341c40668dd16253dbdd282beece41c2e02ef0a8ed24d9b37";
    private const string SoldOut = "e766d558a8519a668b1a9a319fb6897ec4524d27eb34d52bf56464a7ffa5e58b";

    [Fact]
    public void Should_decide_the_realistic_round_exactly_as_recorded()
    {
        var result = MatchingEngine.Clear(RealisticMarket.Generate(seed: 20260302));
        AssertFingerprint(Realistic, result);
    }

    [Fact]
    public void Should_decide_the_sold_out_round_exactly_as_recorded()
    {
        var result = MatchingEngine.Clear(RealisticMarket.SoldOut(RealisticMarket.Generate(seed: 20260302)));
        AssertFingerprint(SoldOut, result);
    }

    // The whole fingerprint in the message: Assert.Equal would cut it short.
    private static void AssertFingerprint(string expected, RoundResult result)
    {
        var actual = DecisionFingerprint.Of(result);
        Assert.True(actual == expected,
            $"decisions changed: fingerprint {actual}, recorded {expected} ({result.Decisions.Count(d => d.Won)} winners, "
            + $"{result.Decisions.Count(d => d.Placement?.PriceSetBy is not null)} priced by a competitor)");
    }
}
