using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_a_cluster_already_has_bookings
{
    [Fact]
    public void Should_start_after_a_booking_that_leaves_too_few_nodes()
    {
        var cluster = Cluster(1, nodes: 4) with { Occupied = [new Occupancy(Hour(-10), Hour(5), 3)] };
        var placement = Round([cluster], Bid(10, gpus: 16)).PlacementOf(10);
        Assert.Equal(Hour(5), placement.StartsAt);
    }

    [Fact]
    public void Should_share_the_cluster_with_a_booking_when_enough_nodes_remain()
    {
        var cluster = Cluster(1, nodes: 4) with { Occupied = [new Occupancy(Hour(-10), Hour(5), 2)] };
        Assert.Equal(Hour(0), Round([cluster], Bid(10, gpus: 16)).PlacementOf(10).StartsAt);
    }

    [Fact]
    public void Should_add_up_overlapping_bookings()
    {
        var cluster = Cluster(1, nodes: 4) with
        {
            Occupied = [new Occupancy(Hour(0), Hour(3), 2), new Occupancy(Hour(2), Hour(6), 1)],
        };
        // 3 free nodes needed: hours 0-1 have 2 free, hour 2 has 1, hours 3-5 have 3.
        Assert.Equal(Hour(3), Round([cluster], Bid(10, gpus: 24, hours: 2)).PlacementOf(10).StartsAt);
    }

    [Fact]
    public void Should_treat_a_booking_ending_within_an_hour_as_holding_that_whole_hour()
    {
        var cluster = Cluster(1, nodes: 1) with { Occupied = [new Occupancy(Hour(0), Hour(2).AddMinutes(30), 1)] };
        Assert.Equal(Hour(3), Round([cluster], Bid(10)).PlacementOf(10).StartsAt);
    }

    [Fact]
    public void Should_explain_that_the_window_is_already_booked()
    {
        var cluster = Cluster(1, nodes: 4) with { Occupied = [new Occupancy(Hour(-10), Hour(100), 4)] };
        Assert.Equal("capacity in your window is already booked on every cluster that matches", Round([cluster], Bid(10)).DecisionFor(10).Reason);
    }
}
