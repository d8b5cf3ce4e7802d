using Marketplace.Allocation.Matching.Tests.Support;

namespace Marketplace.Allocation.Matching.Tests.Properties;

/// <summary>200 fixed seeds, alternating small and medium rounds; a failure names its seed so it can be replayed.</summary>
public class When_rounds_are_random
{
    private const int Seeds = 200;

    [Fact]
    public void Should_never_hold_a_node_twice_in_any_hour() => Check(RoundInvariants.NoClusterOverCapacity);

    [Fact]
    public void Should_place_each_winner_for_exactly_its_duration_inside_its_start_window() => Check(RoundInvariants.PlacementsRespectTheBid);

    [Fact]
    public void Should_place_each_winner_on_one_matching_cluster_inside_its_availability() => Check(RoundInvariants.PlacementsRespectTheCluster);

    [Fact]
    public void Should_charge_between_the_ask_and_the_winners_limit() => Check(RoundInvariants.PricesWithinAskAndLimit);

    [Fact]
    public void Should_decide_each_bid_exactly_once() => Check(RoundInvariants.OneDecisionPerBid);

    [Fact]
    public void Should_rank_bids_by_limit_then_placement_time_then_id() => Check(RoundInvariants.PriorityOrder);

    [Fact]
    public void Should_let_some_bids_win_and_some_lose_across_the_seeds()
    {
        // Guards the generator: properties over rounds where nothing wins would prove nothing.
        var decisions = Enumerable.Range(0, Seeds).SelectMany(seed => MatchingEngine.Clear(Generate(seed)).Decisions).ToList();
        Assert.InRange(decisions.Count(d => d.Won), decisions.Count / 5, decisions.Count * 4 / 5);
        Assert.Contains(decisions, d => d.Placement?.PriceSetBy is not null);
        Assert.Contains(decisions, d => d.Reason == "capacity in your window was taken by higher-priority bids this round");
    }

    private static RoundInput Generate(int seed) => RandomRound.Generate(seed, seed % 2 == 0 ? RandomRound.Small : RandomRound.Medium);

    private static void Check(Func<RoundInput, RoundResult, IEnumerable<string>> invariant)
    {
        var violations = Enumerable.Range(0, Seeds)
            .SelectMany(seed =>
            {
                var input = Generate(seed);
                return invariant(input, MatchingEngine.Clear(input)).Select(v => $"seed {seed}: {v}");
            })
            .Take(20)
            .ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
