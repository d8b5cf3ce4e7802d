using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_two_bids_have_the_same_limit
{
    private static readonly ClusterCapacity[] OneCluster = [Cluster(1, nodes: 4) with { AvailableFrom = Hour(0), AvailableUntil = Hour(4) }];

    [Fact]
    public void Should_give_the_capacity_to_the_bid_placed_earlier()
    {
        var result = Round(OneCluster, Bid(10, limit: 2.50m, gpus: 32, placedMinutesAgo: 5), Bid(11, limit: 2.50m, gpus: 32, placedMinutesAgo: 30));
        Assert.True(result.DecisionFor(11).Won);
        Assert.False(result.DecisionFor(10).Won);
    }

    [Fact]
    public void Should_break_a_tie_on_placement_time_by_the_lower_bid_id()
    {
        var result = Round(OneCluster, Bid(12, limit: 2.50m, gpus: 32), Bid(11, limit: 2.50m, gpus: 32));
        Assert.True(result.DecisionFor(11).Won);
        Assert.Equal(0, result.DecisionFor(11).Rank);
    }

    [Fact]
    public void Should_charge_the_winner_its_own_limit_which_is_also_the_losers()
    {
        var result = Round(OneCluster, Bid(10, limit: 2.50m, gpus: 32, placedMinutesAgo: 5), Bid(11, limit: 2.50m, gpus: 32, placedMinutesAgo: 30));
        Assert.Equal(2.50m, result.PlacementOf(11).PricePerGpuHour);
        Assert.Equal(Id(10), result.PlacementOf(11).PriceSetBy);
    }
}
