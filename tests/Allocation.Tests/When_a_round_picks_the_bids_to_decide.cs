using Marketplace.Allocation.Matching;
using Marketplace.Allocation.Rounds;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Rounds/SleepingBids: a bid under every ask is decided once, then again only when what its decision depends on
/// changes (MarketFacts: the next whole hour and every static fact of the market's clusters), or when it is forgotten.
/// </summary>
public sealed class When_a_round_picks_the_bids_to_decide
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 17, 0, TimeSpan.Zero);

    private static readonly ClusterCapacity Cluster = new(Guid.CreateVersion7(), Guid.NewGuid(), "H100-SXM-80GB", "us-east-1",
        "infiniband", 3200, 8, 4, 3.00m, Now.AddHours(-1), Now.AddDays(30), []);

    private static readonly OpenBid Lowball = Bid(2.00m);
    private static readonly OpenBid Rich = Bid(4.00m);

    [Fact]
    public void Should_decide_a_sleeping_bid_once_and_an_awake_bid_every_round()
    {
        var sleeping = new SleepingBids();
        var facts = new MarketFacts(Now, [Cluster]);
        Assert.Equal([Lowball.BidId, Rich.BidId], Decide(sleeping, facts));
        sleeping.Decided(facts, [Lowball]);

        // Same clusters (other records, equal values, other bookings) and later in the same hour.
        var same = new MarketFacts(Now.AddMinutes(30), [Cluster with { Occupied = [new Occupancy(Now, Now.AddHours(2), 1)] }]);
        Assert.Equal([Rich.BidId], Decide(sleeping, same));

        sleeping.Forget(Lowball.BidId);
        Assert.Equal([Lowball.BidId, Rich.BidId], Decide(sleeping, same));
    }

    public static TheoryData<string> Changes => ["next hour", "ask", "region", "fabric", "speed", "gpus per node", "nodes",
        "listed from", "listed until", "another cluster", "no cluster"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Should_decide_it_again_when_the_market_changes(string change)
    {
        var sleeping = new SleepingBids();
        var facts = new MarketFacts(Now, [Cluster]);
        Decide(sleeping, facts);
        sleeping.Decided(facts, [Lowball]);

        var changed = change switch
        {
            "next hour" => new MarketFacts(Now.AddHours(1), [Cluster]),
            "ask" => new MarketFacts(Now, [Cluster with { AskPricePerGpuHour = 3.10m }]),
            "region" => new MarketFacts(Now, [Cluster with { Region = "eu-west-1" }]),
            "fabric" => new MarketFacts(Now, [Cluster with { InterconnectKind = "ethernet" }]),
            "speed" => new MarketFacts(Now, [Cluster with { GbpsPerNode = 400 }]),
            "gpus per node" => new MarketFacts(Now, [Cluster with { GpusPerNode = 4 }]),
            "nodes" => new MarketFacts(Now, [Cluster with { NodeCount = 8 }]),
            "listed from" => new MarketFacts(Now, [Cluster with { AvailableFrom = Now.AddHours(5) }]),
            "listed until" => new MarketFacts(Now, [Cluster with { AvailableUntil = Now.AddDays(10) }]),
            "another cluster" => new MarketFacts(Now, [Cluster, Cluster with { ClusterId = Guid.CreateVersion7(), AskPricePerGpuHour = 5m }]),
            "no cluster" => new MarketFacts(Now, []),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.Contains(Lowball.BidId, Decide(sleeping, changed));
    }

    [Fact]
    public void Should_tell_a_bid_under_every_ask_from_one_some_ask_reaches()
    {
        var facts = new MarketFacts(Now, [Cluster, Cluster with { ClusterId = Guid.CreateVersion7(), AskPricePerGpuHour = 2.50m }]);
        Assert.True(facts.Sleeps(Bid(2.49m)));
        Assert.False(facts.Sleeps(Bid(2.50m)));
        Assert.True(new MarketFacts(Now, []).Sleeps(Rich));
    }

    private static List<Guid> Decide(SleepingBids sleeping, MarketFacts facts)
    {
        var decide = new List<OpenBid>();
        sleeping.Select([Lowball, Rich], facts, decide);
        return [.. decide.Select(b => b.BidId)];
    }

    private static OpenBid Bid(decimal limit) => new(Guid.CreateVersion7(), Guid.NewGuid(), "H100-SXM-80GB", 8, 4, Now.AddHours(1),
        Now.AddDays(3), [], null, null, limit, Now);
}
