using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_a_bid_needs_a_gang_of_nodes
{
    [Fact]
    public void Should_round_the_gpu_count_up_to_whole_nodes()
    {
        var placement = Round([Cluster(1, nodes: 4)], Bid(10, gpus: 20)).PlacementOf(10);
        Assert.Equal(3, placement.NodeCount);
        Assert.Equal(24, placement.GpuCount);
    }

    [Fact]
    public void Should_round_up_by_the_chosen_clusters_node_size()
    {
        var placement = Round([Cluster(1, nodes: 8) with { GpusPerNode = 4 }], Bid(10, gpus: 10)).PlacementOf(10);
        Assert.Equal(3, placement.NodeCount);
        Assert.Equal(12, placement.GpuCount);
    }

    [Fact]
    public void Should_never_split_the_gang_across_clusters()
    {
        // Together the two clusters have 4 free nodes, but each has only 2.
        var result = Round([Cluster(1, nodes: 2), Cluster(2, nodes: 2)], Bid(10, gpus: 24));
        Assert.False(result.DecisionFor(10).Won);
        Assert.EndsWith("enough nodes for 24 GPUs on one cluster: the largest has 2 nodes of 8 GPUs, the bid needs 3", result.DecisionFor(10).Reason);
    }

    [Fact]
    public void Should_cover_exactly_the_requested_hours()
    {
        var placement = Round([Cluster(1)], Bid(10, hours: 7)).PlacementOf(10);
        Assert.Equal(TimeSpan.FromHours(7), placement.EndsAt - placement.StartsAt);
    }
}
