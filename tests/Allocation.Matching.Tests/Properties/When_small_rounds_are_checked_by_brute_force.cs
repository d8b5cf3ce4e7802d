using Marketplace.Allocation.Matching.Tests.Support;

namespace Marketplace.Allocation.Matching.Tests.Properties;

/// <summary>
/// Small rounds replayed bid by bid in priority order against <see cref="Reference"/>: what each bid got, or did not
/// get, given only existing bookings and the placements of the bids ranked before it.
/// </summary>
public class When_small_rounds_are_checked_by_brute_force
{
    private const int Seeds = 400;

    // Half the seeds small and varied, half crowded so that most bids compete.
    private static RoundInput Generate(int seed) => RandomRound.Generate(seed, seed % 2 == 0 ? RandomRound.Small : RandomRound.Crowded);

    [Fact]
    public void Should_leave_no_loser_a_placement_that_higher_priority_bids_left_free() => Check((input, result, bid, decision, before) =>
    {
        if (decision.Won) return null;
        var feasible = Reference.FeasiblePlacements(bid, input, before).FirstOrDefault();
        return feasible.Cluster is null ? null : $"loser {bid.BidId} could have had cluster {feasible.Cluster.ClusterId} at {feasible.Start:u}";
    });

    [Fact]
    public void Should_give_each_winner_its_best_placement_given_higher_priority_bids() => Check((input, result, bid, decision, before) =>
    {
        if (decision.Placement is not { } got) return null;
        var best = Reference.BestPlacement(bid, input, before);
        if (best is null) return $"winner {bid.BidId} had no feasible placement";
        return best.Value.Cluster.ClusterId == got.ClusterId && best.Value.Start == got.StartsAt
            ? null
            : $"winner {bid.BidId} got {got.ClusterId} at {got.StartsAt:u}, best is {best.Value.Cluster.ClusterId} at {best.Value.Start:u}";
    });

    [Fact]
    public void Should_charge_each_winner_the_second_price_found_by_brute_force() => Check((input, result, bid, decision, before) =>
    {
        if (decision.Placement is not { } got) return null;
        var (price, setBy) = Reference.SecondPrice(bid, got, input, result);
        return price == got.PricePerGpuHour && setBy == got.PriceSetBy
            ? null
            : $"winner {bid.BidId} pays {got.PricePerGpuHour} set by {got.PriceSetBy?.ToString() ?? "the ask"}, expected {price} set by {setBy?.ToString() ?? "the ask"}";
    });

    [Fact]
    public void Should_hold_every_invariant()
    {
        var violations = Enumerable.Range(0, Seeds).SelectMany(seed =>
        {
            var input = Generate(seed);
            return RoundInvariants.All(input, MatchingEngine.Clear(input)).Select(v => $"seed {seed}: {v}");
        }).Take(20).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Should_see_competition_decide_prices_and_capacity_across_the_seeds()
    {
        // Guards the generator: a brute-force check over rounds without competition would prove little.
        var decisions = Enumerable.Range(0, Seeds).SelectMany(seed => MatchingEngine.Clear(Generate(seed)).Decisions).ToList();
        Assert.True(decisions.Count(d => d.Placement?.PriceSetBy is not null) >= 30);
        Assert.True(decisions.Count(d => d.Reason == "capacity in your window was taken by higher-priority bids this round") >= 50);
    }

    private delegate string? BidCheck(RoundInput input, RoundResult result, OpenBid bid, Decision decision, IReadOnlyList<Placement> placedBefore);

    private static void Check(BidCheck check)
    {
        var violations = new List<string>();
        for (var seed = 0; seed < Seeds && violations.Count < 20; seed++)
        {
            var input = Generate(seed);
            var result = MatchingEngine.Clear(input);
            var bids = input.Bids.ToDictionary(b => b.BidId);
            var placedBefore = new List<Placement>();
            foreach (var decision in result.Decisions)
            {
                if (check(input, result, bids[decision.BidId], decision, placedBefore) is { } violation) violations.Add($"seed {seed}: {violation}");
                if (decision.Placement is { } placement) placedBefore.Add(placement);
            }
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
