using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_losers_could_not_have_used_the_winners_capacity
{
    // One node from hour 0 to hour 4: the winner takes all of it.
    private static readonly ClusterCapacity Small = Cluster(1, ask: 2.00m, nodes: 1) with { AvailableFrom = Hour(0), AvailableUntil = Hour(4) };

    [Fact]
    public void Should_ignore_a_loser_in_another_region()
    {
        var result = Round([Small], Bid(10, limit: 3.00m), Bid(11, limit: 2.80m) with { Regions = ["eu-west-1"] });
        Assert.Equal(2.00m, result.PlacementOf(10).PricePerGpuHour);
    }

    [Fact]
    public void Should_ignore_a_loser_that_needs_more_nodes_than_the_cluster_has()
    {
        var result = Round([Small], Bid(10, limit: 3.00m), Bid(11, limit: 2.80m, gpus: 16));
        Assert.Equal(2.00m, result.PlacementOf(10).PricePerGpuHour);
    }

    [Fact]
    public void Should_ignore_a_loser_whose_window_does_not_overlap_the_winners_period()
    {
        var wide = Small with { AvailableUntil = Hour(40) } ;
        var occupiedLater = wide with { Occupied = [new Occupancy(Hour(4), Hour(40), 1)] };
        var result = Round([occupiedLater], Bid(10, limit: 3.00m), Bid(11, limit: 2.80m) with { EarliestStart = Hour(30), LatestStart = Hour(35) });
        Assert.Equal(2.00m, result.PlacementOf(10).PricePerGpuHour);
    }

    [Fact]
    public void Should_count_a_loser_that_needed_only_part_of_the_winners_period()
    {
        var later = Small with { AvailableUntil = Hour(10), Occupied = [new Occupancy(Hour(4), Hour(10), 1)] };
        var result = Round([later], Bid(10, limit: 3.00m, hours: 4), Bid(11, limit: 2.80m, hours: 1) with { LatestStart = Hour(3) });
        Assert.Equal(2.80m, result.PlacementOf(10).PricePerGpuHour);
    }

    [Fact]
    public void Should_ignore_a_loser_whose_limit_is_below_the_ask()
    {
        var result = Round([Small], Bid(10, limit: 3.00m), Bid(11, limit: 1.90m));
        Assert.Equal(2.00m, result.PlacementOf(10).PricePerGpuHour);
        Assert.Null(result.PlacementOf(10).PriceSetBy);
    }

    [Fact]
    public void Should_ignore_a_loser_that_lost_for_lack_of_price_on_another_cluster()
    {
        var other = Cluster(2, ask: 2.90m) with { AvailableFrom = Hour(0), AvailableUntil = Hour(4) };
        var result = Round([Small, other], Bid(10, limit: 3.00m), Bid(11, limit: 2.50m, gpus: 16));
        Assert.Equal(2.00m, result.PlacementOf(10).PricePerGpuHour);
    }

    [Fact]
    public void Should_take_the_highest_of_several_losers()
    {
        var result = Round([Small], Bid(10, limit: 3.00m), Bid(11, limit: 2.40m), Bid(12, limit: 2.70m), Bid(13, limit: 2.10m));
        Assert.Equal(2.70m, result.PlacementOf(10).PricePerGpuHour);
        Assert.Equal(Id(12), result.PlacementOf(10).PriceSetBy);
    }
}
