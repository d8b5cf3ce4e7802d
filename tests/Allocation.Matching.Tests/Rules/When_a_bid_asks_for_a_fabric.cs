using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_a_bid_asks_for_a_fabric
{
    private static readonly ClusterCapacity Ethernet = Cluster(1, ask: 1.00m) with { InterconnectKind = "ethernet", GbpsPerNode = 100 };
    private static readonly ClusterCapacity Roce = Cluster(2, ask: 1.50m) with { InterconnectKind = "roce", GbpsPerNode = 400 };
    private static readonly ClusterCapacity InfiniBand = Cluster(3, ask: 2.00m) with { InterconnectKind = "infiniband", GbpsPerNode = 800 };

    [Fact]
    public void Should_accept_the_kind_asked_for() =>
        Assert.Equal(Id(2), Round([Ethernet, Roce, InfiniBand], Bid(10) with { InterconnectKind = "roce" }).PlacementOf(10).ClusterId);

    [Fact]
    public void Should_accept_a_stronger_kind() =>
        Assert.Equal(Id(3), Round([Ethernet, InfiniBand], Bid(10) with { InterconnectKind = "roce" }).PlacementOf(10).ClusterId);

    [Fact]
    public void Should_refuse_a_weaker_kind()
    {
        var result = Round([Ethernet, Roce], Bid(10) with { InterconnectKind = "infiniband" });
        Assert.Equal($"no active cluster of model {H100} in the requested regions with the requested fabric", result.DecisionFor(10).Reason);
    }

    [Fact]
    public void Should_require_the_minimum_bandwidth_per_node() =>
        Assert.Equal(Id(3), Round([Ethernet, Roce, InfiniBand], Bid(10) with { MinGbpsPerNode = 800 }).PlacementOf(10).ClusterId);

    [Fact]
    public void Should_accept_any_fabric_when_none_is_asked_for() =>
        Assert.Equal(Id(1), Round([Ethernet, Roce, InfiniBand], Bid(10)).PlacementOf(10).ClusterId);
}
