using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_a_winner_is_priced
{
    private static readonly ClusterCapacity OneNode = Cluster(1, ask: 2.00m, nodes: 1) with { AvailableFrom = Hour(0), AvailableUntil = Hour(4) };

    [Fact]
    public void Should_never_charge_more_than_the_winners_own_limit()
    {
        // Equal limits: the earlier bid wins and the later one sets the price at exactly the winner's limit.
        var result = Round([OneNode], Bid(10, limit: 2.3456m, placedMinutesAgo: 90), Bid(11, limit: 2.3456m, placedMinutesAgo: 10));
        Assert.Equal(2.3456m, result.PlacementOf(10).PricePerGpuHour);
    }

    [Fact]
    public void Should_never_charge_less_than_the_ask()
    {
        var result = Round([OneNode], Bid(10, limit: 2.60m), Bid(11, limit: 1.20m));
        Assert.Equal(2.00m, result.PlacementOf(10).PricePerGpuHour);
    }

    [Fact]
    public void Should_price_each_winner_by_the_competition_for_its_own_cluster()
    {
        var contested = OneNode;
        var quiet = Cluster(2, ask: 2.20m, nodes: 1) with { Region = "eu-west-1" };
        var result = Round([contested, quiet],
            Bid(10, limit: 3.00m),
            Bid(11, limit: 2.50m) with { Regions = ["us-east-1"] },
            Bid(12, limit: 2.90m) with { Regions = ["eu-west-1"] });
        Assert.Equal(2.50m, result.PlacementOf(10).PricePerGpuHour);
        Assert.Equal(2.20m, result.PlacementOf(12).PricePerGpuHour);
    }

    [Fact]
    public void Should_explain_a_lost_bid_whose_limit_is_below_every_ask()
    {
        var result = Round([OneNode, Cluster(2, ask: 2.40m)], Bid(10, limit: 1.50m));
        Assert.Equal($"no active cluster of model {H100} in the requested regions/fabric within your price of 1.50 per GPU-hour (lowest ask there: 2.00)",
            result.DecisionFor(10).Reason);
    }

    [Fact]
    public void Should_explain_a_bid_for_a_model_nobody_lists() =>
        Assert.Equal($"no active cluster of model {A100}", Round([OneNode], Bid(10) with { GpuModel = A100 }).DecisionFor(10).Reason);
}
