using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_several_clusters_could_take_a_bid
{
    [Fact]
    public void Should_take_the_lowest_ask_even_if_it_starts_later()
    {
        var cheapLater = Cluster(1, ask: 1.50m) with { AvailableFrom = Hour(5) };
        var dearNow = Cluster(2, ask: 1.60m);
        var result = Round([dearNow, cheapLater], Bid(10));
        Assert.Equal(Id(1), result.PlacementOf(10).ClusterId);
        Assert.Equal(Hour(5), result.PlacementOf(10).StartsAt);
    }

    [Fact]
    public void Should_take_the_earliest_start_among_equal_asks()
    {
        var later = Cluster(1, ask: 2.00m, nodes: 1) with { AvailableFrom = Hour(3) };
        var sooner = Cluster(2, ask: 2.00m, nodes: 8) with { AvailableFrom = Hour(1) };
        var result = Round([later, sooner], Bid(10));
        Assert.Equal(Id(2), result.PlacementOf(10).ClusterId);
        Assert.Equal(Hour(1), result.PlacementOf(10).StartsAt);
    }

    [Fact]
    public void Should_take_the_smallest_cluster_among_equal_asks_and_starts()
    {
        var big = Cluster(1, nodes: 16);
        var small = Cluster(2, nodes: 2);
        var middle = Cluster(3, nodes: 4);
        var result = Round([big, small, middle], Bid(10));
        Assert.Equal(Id(2), result.PlacementOf(10).ClusterId);
    }

    [Fact]
    public void Should_count_cluster_size_in_gpus_not_nodes()
    {
        var fewerBiggerNodes = Cluster(1, nodes: 2) with { GpusPerNode = 8 };
        var moreSmallerNodes = Cluster(2, nodes: 3) with { GpusPerNode = 4 };
        var result = Round([fewerBiggerNodes, moreSmallerNodes], Bid(10, gpus: 8));
        Assert.Equal(Id(2), result.PlacementOf(10).ClusterId);
    }

    [Fact]
    public void Should_break_a_full_tie_by_the_lower_cluster_id()
    {
        var result = Round([Cluster(7), Cluster(3), Cluster(5)], Bid(10));
        Assert.Equal(Id(3), result.PlacementOf(10).ClusterId);
    }

    [Fact]
    public void Should_skip_clusters_above_the_bids_limit()
    {
        var result = Round([Cluster(1, ask: 3.50m), Cluster(2, ask: 2.90m) with { AvailableFrom = Hour(10) }], Bid(10, limit: 3.00m));
        Assert.Equal(Id(2), result.PlacementOf(10).ClusterId);
    }
}
