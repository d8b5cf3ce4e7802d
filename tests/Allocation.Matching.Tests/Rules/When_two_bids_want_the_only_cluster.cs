using Marketplace.Allocation.Matching.Tests.Support;
using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_two_bids_want_the_only_cluster
{
    // Both need all 4 nodes for the same single possible start, so only one fits.
    private static readonly ClusterCapacity[] OneCluster = [Cluster(1, ask: 2.00m, nodes: 4) with { AvailableFrom = Hour(0), AvailableUntil = Hour(4) }];
    private readonly RoundResult _result = Round(OneCluster,
        Bid(10, limit: 2.50m, gpus: 32, placedMinutesAgo: 120),
        Bid(11, limit: 3.10m, gpus: 32, placedMinutesAgo: 5));

    [Fact]
    public void Should_give_it_to_the_higher_limit_even_if_placed_later() =>
        Assert.Equal(Id(1), _result.PlacementOf(11).ClusterId);

    [Fact]
    public void Should_charge_the_winner_the_losers_limit() => Assert.Equal(2.50m, _result.PlacementOf(11).PricePerGpuHour);

    [Fact]
    public void Should_record_the_loser_as_the_price_setter() => Assert.Equal(Id(10), _result.PlacementOf(11).PriceSetBy);

    [Fact]
    public void Should_tell_the_loser_that_a_higher_priority_bid_took_the_capacity()
    {
        var loser = _result.DecisionFor(10);
        Assert.False(loser.Won);
        Assert.Equal("capacity in your window was taken by higher-priority bids this round", loser.Reason);
    }

    [Fact]
    public void Should_tell_the_winner_that_a_competing_bid_set_the_price() =>
        Assert.EndsWith("price set by a competing bid", _result.DecisionFor(11).Reason);

    [Fact]
    public void Should_list_decisions_in_priority_order_with_their_rank()
    {
        Assert.Equal([Id(11), Id(10)], _result.Decisions.Select(d => d.BidId));
        Assert.Equal([0, 1], _result.Decisions.Select(d => d.Rank));
    }
}
