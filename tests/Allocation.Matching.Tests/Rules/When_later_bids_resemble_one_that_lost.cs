using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

/// <summary>A bid that lost lets the engine skip later bids asking for at least as much; those asking for less must still be tried.</summary>
public class When_later_bids_resemble_one_that_lost
{
    // One node free until hour 10, all four free after.
    private static readonly ClusterCapacity MostlyBooked = Cluster(1, nodes: 4) with { Occupied = [new Occupancy(Hour(-5), Hour(10), 3)] };

    [Fact]
    public void Should_let_a_later_bid_for_fewer_gpus_win()
    {
        var result = Round([MostlyBooked],
            Bid(10, limit: 3.00m, gpus: 16) with { LatestStart = Hour(2) },
            Bid(11, limit: 2.50m, gpus: 8) with { LatestStart = Hour(2) });
        Assert.False(result.DecisionFor(10).Won);
        Assert.Equal(Hour(0), result.PlacementOf(11).StartsAt);
    }

    [Fact]
    public void Should_let_a_later_bid_with_a_wider_window_win()
    {
        var result = Round([MostlyBooked],
            Bid(10, limit: 3.00m, gpus: 16) with { LatestStart = Hour(2) },
            Bid(11, limit: 2.50m, gpus: 16) with { LatestStart = Hour(12) });
        Assert.False(result.DecisionFor(10).Won);
        Assert.Equal(Hour(10), result.PlacementOf(11).StartsAt);
    }

    [Fact]
    public void Should_let_a_later_bid_with_other_restrictions_win()
    {
        var elsewhere = Cluster(2, ask: 2.40m, region: "eu-west-1");
        var result = Round([MostlyBooked, elsewhere],
            Bid(10, limit: 3.00m, gpus: 16) with { LatestStart = Hour(2), Regions = ["us-east-1"] },
            Bid(11, limit: 2.50m, gpus: 16) with { LatestStart = Hour(2) });
        Assert.False(result.DecisionFor(10).Won);
        Assert.Equal(Id(2), result.PlacementOf(11).ClusterId);
    }

    [Fact]
    public void Should_explain_why_a_bid_asking_for_more_lost_too()
    {
        var result = Round([MostlyBooked],
            Bid(10, limit: 3.00m, gpus: 16) with { LatestStart = Hour(2) },
            Bid(11, limit: 2.50m, gpus: 24, hours: 6) with { LatestStart = Hour(1) });
        Assert.Equal("capacity in your window is already booked on every cluster that matches", result.DecisionFor(11).Reason);
    }
}
