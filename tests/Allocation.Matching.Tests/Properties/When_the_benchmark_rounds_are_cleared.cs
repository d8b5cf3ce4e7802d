using Marketplace.Allocation.Matching.Tests.Support;
using Marketplace.Benchmarks;

namespace Marketplace.Allocation.Matching.Tests.Properties;

/// <summary>
/// A guard for work on the engine's speed: the benchmark's two rounds must be decided exactly as they were when the
/// fingerprints were recorded (from the engine before the issue 11 speed work). Any change to a winner, placement,
/// price, PriceSetBy, rank or reason string changes the fingerprint. Only a deliberate change of the market rules may
/// update these values, and its commit must say so. The placements alone have fingerprints of their own, so rewording
/// the reasons (issue 12 put numbers in the size and availability reasons) shows that nothing else moved.
/// </summary>
public class When_the_benchmark_rounds_are_cleared
{
    private const string Realistic = "15e211538cbc20eb19ec19fb667c3967e02454d6f5f6c757aeae0ad65ebb9135";
    private const string SoldOut = "4b58d798d5b7a0bb44495d5b33034e696fff05bf48c0d10bd24dd470c7c068e0";
    // Placements, prices and ranks without the reasons: unchanged since the engine before the issue 11 speed work.
    private const string RealisticPlacements = "85df9571ad79f90a58caf4d332a46dcc38b7eb04c8e833fa11442bd869654182";
    private const string SoldOutPlacements = "90e6bf9de295ce0d0fc627f0f2b60193b0ac55dee49f4457da38a76e94067338";

    [Fact]
    public void Should_decide_the_realistic_round_exactly_as_recorded()
    {
        var result = MatchingEngine.Clear(RealisticMarket.Generate(seed: 20260302));
        AssertFingerprint(Realistic, result);
    }

    [Fact]
    public void Should_place_and_price_the_realistic_round_exactly_as_recorded() =>
        AssertFingerprint(RealisticPlacements, MatchingEngine.Clear(RealisticMarket.Generate(seed: 20260302)), withReasons: false);

    [Fact]
    public void Should_place_and_price_the_sold_out_round_exactly_as_recorded() =>
        AssertFingerprint(SoldOutPlacements, MatchingEngine.Clear(RealisticMarket.SoldOut(RealisticMarket.Generate(seed: 20260302))), withReasons: false);

    [Fact]
    public void Should_decide_the_sold_out_round_exactly_as_recorded()
    {
        var result = MatchingEngine.Clear(RealisticMarket.SoldOut(RealisticMarket.Generate(seed: 20260302)));
        AssertFingerprint(SoldOut, result);
    }

    // The whole fingerprint in the message: Assert.Equal would cut it short.
    private static void AssertFingerprint(string expected, RoundResult result, bool withReasons = true)
    {
        var actual = DecisionFingerprint.Of(result, withReasons);
        Assert.True(actual == expected,
            $"decisions changed: fingerprint {actual}, recorded {expected} ({result.Decisions.Count(d => d.Won)} winners, "
            + $"{result.Decisions.Count(d => d.Placement?.PriceSetBy is not null)} priced by a competitor)");
    }
}
