using Marketplace.Allocation.Matching.Tests.Support;
using Marketplace.Benchmarks;

namespace Marketplace.Allocation.Matching.Tests.Properties;

/// <summary>The benchmark's round (10,000 bids, 1,000 clusters): too big for brute force, not for the invariants.</summary>
public class When_the_market_is_full_size
{
    [Fact]
    public void Should_hold_every_invariant()
    {
        var input = RealisticMarket.Generate(seed: 20260302);
        var violations = RoundInvariants.All(input, MatchingEngine.Clear(input)).Take(20).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
