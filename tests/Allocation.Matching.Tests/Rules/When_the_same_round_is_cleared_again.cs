using Marketplace.Allocation.Matching.Tests.Support;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_the_same_round_is_cleared_again
{
    private static readonly int[] Seeds = [1, 2, 3, 17, 42, 99, 123, 2026];

    [Fact]
    public void Should_make_identical_decisions()
    {
        foreach (var seed in Seeds)
        {
            var input = RandomRound.Generate(seed, RandomRound.Medium);
            Assert.Equal(Describe(MatchingEngine.Clear(input)), Describe(MatchingEngine.Clear(input)));
        }
    }

    [Fact]
    public void Should_make_identical_decisions_when_the_input_lists_are_shuffled()
    {
        foreach (var seed in Seeds)
        {
            var input = RandomRound.Generate(seed, RandomRound.Medium);
            var shuffler = new Random(seed);
            var shuffled = input with
            {
                Bids = [.. input.Bids.OrderBy(_ => shuffler.Next())],
                Clusters = [.. input.Clusters.OrderBy(_ => shuffler.Next()).Select(c => c with { Occupied = [.. c.Occupied.Reverse()] })],
            };
            Assert.Equal(Describe(MatchingEngine.Clear(input)), Describe(MatchingEngine.Clear(shuffled)));
        }
    }

    [Fact]
    public void Should_make_identical_decisions_on_a_full_size_shuffled_round()
    {
        var input = Marketplace.Benchmarks.RealisticMarket.Generate(seed: 7, bidCount: 3_000, clusterCount: 300);
        var shuffled = input with { Bids = [.. input.Bids.Reverse()], Clusters = [.. input.Clusters.Reverse()] };
        Assert.Equal(Describe(MatchingEngine.Clear(input)), Describe(MatchingEngine.Clear(shuffled)));
    }

    // Records compare lists by reference, so compare a full textual rendering instead.
    private static List<string> Describe(RoundResult result) =>
        [.. result.Decisions.Select(d => $"{d.Rank} {d.BidId} {d.Placement} {d.Reason}")];
}
