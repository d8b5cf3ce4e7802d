using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

/// <summary>The worked example in docs/market-rules.md, so the document cannot drift from the engine.</summary>
public class When_the_worked_example_of_the_market_rules_is_cleared
{
    private const int X = 1, Y = 2, BidA = 10, BidB = 11, BidC = 12, BidD = 13;

    private readonly RoundResult _result = Round(
        [Cluster(X, ask: 2.00m, nodes: 4, region: "us-east-1"), Cluster(Y, ask: 1.80m, nodes: 2, region: "eu-west-1")],
        Bid(BidA, limit: 3.00m, gpus: 32, hours: 24) with { EarliestStart = Hour(0), LatestStart = Hour(2) },
        Bid(BidB, limit: 2.60m, gpus: 16, hours: 8) with { EarliestStart = Hour(0), LatestStart = Hour(4), Regions = ["us-east-1"] },
        Bid(BidC, limit: 2.40m, gpus: 16, hours: 8) with { EarliestStart = Hour(0), LatestStart = Hour(10) },
        Bid(BidD, limit: 2.90m, gpus: 8, hours: 4) with { EarliestStart = Hour(26), LatestStart = Hour(32), Regions = ["us-east-1"] });

    [Fact]
    public void Should_serve_the_bids_in_the_documented_order() =>
        Assert.Equal([Id(BidA), Id(BidD), Id(BidB), Id(BidC)], _result.Decisions.Select(d => d.BidId));

    [Fact]
    public void Should_place_A_on_X_for_a_day_at_the_price_B_was_willing_to_pay()
    {
        var a = _result.PlacementOf(BidA);
        Assert.Equal((Id(X), Hour(0), Hour(24), 2.60m, (Guid?)Id(BidB)), (a.ClusterId, a.StartsAt, a.EndsAt, a.PricePerGpuHour, a.PriceSetBy));
    }

    [Fact]
    public void Should_place_D_on_X_after_A_at_the_ask()
    {
        var d = _result.PlacementOf(BidD);
        Assert.Equal((Id(X), Hour(26), 2.00m, (Guid?)null), (d.ClusterId, d.StartsAt, d.PricePerGpuHour, d.PriceSetBy));
    }

    [Fact]
    public void Should_leave_B_without_capacity() =>
        Assert.Equal("capacity in your window was taken by higher-priority bids this round", _result.DecisionFor(BidB).Reason);

    [Fact]
    public void Should_place_C_on_the_cheaper_cluster_Y_at_its_ask()
    {
        var c = _result.PlacementOf(BidC);
        Assert.Equal((Id(Y), Hour(0), 1.80m, (Guid?)null), (c.ClusterId, c.StartsAt, c.PricePerGpuHour, c.PriceSetBy));
    }
}
