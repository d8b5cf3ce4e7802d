using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_a_bid_has_no_competition
{
    private readonly Placement _placement = Round([Cluster(1, ask: 1.8765m)], Bid(10, limit: 5.00m)).PlacementOf(10);

    [Fact]
    public void Should_pay_the_ask() => Assert.Equal(1.8765m, _placement.PricePerGpuHour);

    [Fact]
    public void Should_record_no_price_setter() => Assert.Null(_placement.PriceSetBy);

    [Fact]
    public void Should_say_where_and_what_set_the_price() =>
        Assert.Equal($"won on cluster {Id(1)} from 2026-03-02T10:00Z to 2026-03-02T14:00Z for 1 node (8 GPUs) at 1.8765 per GPU-hour; price set by the ask",
            Round([Cluster(1, ask: 1.8765m)], Bid(10, limit: 5.00m)).DecisionFor(10).Reason);
}
