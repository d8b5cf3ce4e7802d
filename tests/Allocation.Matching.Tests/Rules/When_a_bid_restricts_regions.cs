using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_a_bid_restricts_regions
{
    private static readonly ClusterCapacity[] TwoRegions = [Cluster(1, ask: 1.00m, region: "us-east-1"), Cluster(2, ask: 2.00m, region: "eu-west-1")];

    [Fact]
    public void Should_only_use_a_listed_region_even_if_another_is_cheaper()
    {
        var result = Round(TwoRegions, Bid(10) with { Regions = ["eu-west-1", "ap-south-1"] });
        Assert.Equal(Id(2), result.PlacementOf(10).ClusterId);
    }

    [Fact]
    public void Should_accept_any_region_when_none_is_listed() =>
        Assert.Equal(Id(1), Round(TwoRegions, Bid(10)).PlacementOf(10).ClusterId);

    [Fact]
    public void Should_explain_that_no_cluster_is_in_the_requested_regions()
    {
        var result = Round(TwoRegions, Bid(10) with { Regions = ["ap-south-1"] });
        Assert.Equal($"no active cluster of model {H100} in the requested regions", result.DecisionFor(10).Reason);
    }
}
