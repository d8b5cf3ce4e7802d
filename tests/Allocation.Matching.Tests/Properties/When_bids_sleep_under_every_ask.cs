using Marketplace.Allocation.Matching.Tests.Support;
using Marketplace.Benchmarks;
using Marketplace.Domain;

namespace Marketplace.Allocation.Matching.Tests.Properties;

/// <summary>
/// What lets allocation's rounds leave out the bids under every ask of their model once decided (Rounds/SleepingBids):
/// such a bid changes no other decision, and its own decision depends on the clusters and the hour, not on other bids.
/// </summary>
public class When_bids_sleep_under_every_ask
{
    [Fact]
    public void Should_change_no_other_decision_and_lose_the_same_way_whatever_else_is_open()
    {
        // A round of allocation clears one market (GPU model), so ranks are compared within one.
        var rounds = Enumerable.Range(1, 300).Select(seed => RandomRound.Generate(seed, RandomRound.Medium))
            .Append(RealisticMarket.Generate(seed: 11, bidCount: 3_000, clusterCount: 300))
            .SelectMany(r => r.Bids.GroupBy(b => b.GpuModel).Select(model => r with { Bids = [.. model] })).ToList();
        var sleepersSeen = 0;
        foreach (var input in rounds)
        {
            var lowestAsk = input.Clusters.GroupBy(c => c.GpuModel).ToDictionary(g => g.Key, g => g.Min(c => c.AskPricePerGpuHour));
            bool Sleeps(OpenBid b) => b.MaxPricePerGpuHour < lowestAsk.GetValueOrDefault(b.GpuModel, decimal.MaxValue);
            var sleepers = input.Bids.Where(Sleeps).ToList();
            if (sleepers.Count == 0) continue;
            sleepersSeen += sleepers.Count;

            var all = MatchingEngine.Clear(input).Decisions.ToDictionary(d => d.BidId);
            var awake = MatchingEngine.Clear(input with { Bids = [.. input.Bids.Where(b => !Sleeps(b))] });
            foreach (var d in awake.Decisions) Assert.Equal(Describe(all[d.BidId]), Describe(d));

            // Half the sleepers without the awake bids, a little before the same next whole hour: each loses for the
            // reason it lost for among all bids (MarketFacts keeps the hour, not the minute).
            var sameHour = Hours.CeilingHour(input.Now).AddMinutes(-1);
            var some = MatchingEngine.Clear(input with { Now = sameHour, Bids = [.. sleepers.Where((_, i) => i % 2 == 0)] });
            foreach (var d in some.Decisions)
            {
                Assert.False(d.Won);
                Assert.Equal(all[d.BidId].Reason, d.Reason);
                Assert.False(all[d.BidId].Won);
            }
        }
        Assert.True(sleepersSeen > 100, $"only {sleepersSeen} bids under every ask in the generated rounds");
    }

    // Records compare lists by reference, so compare a full textual rendering instead.
    private static string Describe(Decision d) => $"{d.Rank} {d.BidId} {d.Placement} {d.Reason}";
}
