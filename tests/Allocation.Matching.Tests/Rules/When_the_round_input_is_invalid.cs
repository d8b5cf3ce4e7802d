using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_the_round_input_is_invalid
{
    [Fact]
    public void Should_refuse_a_bid_listed_twice() =>
        Assert.Throws<ArgumentException>(() => Round([Cluster(1)], Bid(10), Bid(10)));

    [Fact]
    public void Should_refuse_a_cluster_listed_twice() =>
        Assert.Throws<ArgumentException>(() => Round([Cluster(1), Cluster(1, ask: 3.00m)], Bid(10)));

    [Fact]
    public void Should_decide_nothing_for_an_empty_round() =>
        Assert.Empty(Round([Cluster(1)]).Decisions);
}
