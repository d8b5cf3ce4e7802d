using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_now_is_between_two_hours
{
    [Fact]
    public void Should_never_start_before_the_next_whole_hour()
    {
        // Now is 09:20; the bid would gladly have started at 08:00.
        var result = Round([Cluster(1)], Bid(10) with { EarliestStart = Hour(-2) });
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), result.PlacementOf(10).StartsAt);
    }

    [Fact]
    public void Should_start_at_now_when_now_is_a_whole_hour()
    {
        var input = new RoundInput(Hour(0), [Cluster(1)], [Bid(10) with { EarliestStart = Hour(-2) }]);
        Assert.Equal(Hour(0), MatchingEngine.Clear(input).Decisions[0].Placement!.StartsAt);
    }

    [Fact]
    public void Should_explain_that_a_start_window_in_the_past_has_passed()
    {
        var decision = Round([Cluster(1)], Bid(10) with { EarliestStart = Hour(-5), LatestStart = Hour(-1) }).DecisionFor(10);
        Assert.False(decision.Won);
        Assert.StartsWith("start window has passed", decision.Reason);
    }

    [Fact]
    public void Should_read_now_with_an_offset_as_the_same_instant()
    {
        var input = new RoundInput(Now.ToOffset(TimeSpan.FromHours(2)), [Cluster(1)], [Bid(10) with { EarliestStart = Hour(-2) }]);
        var placement = MatchingEngine.Clear(input).Decisions[0].Placement!;
        Assert.Equal(Hour(0), placement.StartsAt);
        Assert.Equal(TimeSpan.Zero, placement.StartsAt.Offset);
    }
}
