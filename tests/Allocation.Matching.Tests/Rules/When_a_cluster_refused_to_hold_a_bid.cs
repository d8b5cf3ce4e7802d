using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

/// <summary>
/// Inventory refused to hold nodes for a bid on a cluster the round thought had room (ADR 0009: the round counts free
/// nodes per hour, a hold needs the same nodes throughout). While that refusal is remembered the cluster is full for
/// that bid alone: the bid goes elsewhere, and it neither prices nor speaks for other bids there.
/// </summary>
public class When_a_cluster_refused_to_hold_a_bid
{
    private static readonly ClusterCapacity Cheap = Cluster(1, ask: 2.00m, nodes: 1);
    private static readonly ClusterCapacity Dearer = Cluster(2, ask: 2.50m, nodes: 1);

    private static OpenBid RefusedOnCheap(int id, decimal limit = 3.00m) => Bid(id, limit) with { RefusedClusters = new HashSet<Guid> { Id(1) } };

    [Fact]
    public void Should_place_the_bid_on_the_next_cluster() =>
        Assert.Equal(Id(2), Round([Cheap, Dearer], RefusedOnCheap(10)).PlacementOf(10).ClusterId);

    [Fact]
    public void Should_leave_the_refusing_cluster_to_other_bids()
    {
        var result = Round([Cheap, Dearer], RefusedOnCheap(10), Bid(11, limit: 2.20m));
        Assert.Equal(Id(2), result.PlacementOf(10).ClusterId);
        Assert.Equal(Id(1), result.PlacementOf(11).ClusterId);
    }

    [Fact]
    public void Should_tell_the_bid_that_capacity_is_booked_when_no_other_cluster_fits() =>
        Assert.Equal("capacity in your window is already booked on every cluster that matches",
            Round([Cheap], RefusedOnCheap(10)).DecisionFor(10).Reason);

    [Fact]
    public void Should_not_let_the_refused_bid_set_the_price_on_that_cluster()
    {
        // Without the refusal bid 11 (limit 2.80) would have fit on Cheap once bid 10 was gone, and set its price.
        var result = Round([Cheap], Bid(10, limit: 3.00m), RefusedOnCheap(11, limit: 2.80m));
        Assert.Equal(2.00m, result.PlacementOf(10).PricePerGpuHour);
        Assert.Null(result.PlacementOf(10).PriceSetBy);
        Assert.False(result.DecisionFor(11).Won);
    }

    [Fact]
    public void Should_not_let_a_bid_that_lost_to_its_refusal_speak_for_a_later_one_like_it()
    {
        // Bid 11 asks for the same as bid 10, which lost first; bid 10 lost only because Cheap refused it.
        var result = Round([Cheap], RefusedOnCheap(10, limit: 3.00m), Bid(11, limit: 2.50m));
        Assert.False(result.DecisionFor(10).Won);
        Assert.Equal(Id(1), result.PlacementOf(11).ClusterId);
    }

    [Fact]
    public void Should_decide_as_before_when_no_cluster_refused()
    {
        var plain = Round([Cheap, Dearer], Bid(10), Bid(11, limit: 2.20m));
        var empty = Round([Cheap, Dearer], Bid(10) with { RefusedClusters = new HashSet<Guid>() }, Bid(11, limit: 2.20m));
        Assert.Equal(Support.DecisionFingerprint.Of(plain), Support.DecisionFingerprint.Of(empty));
    }
}
