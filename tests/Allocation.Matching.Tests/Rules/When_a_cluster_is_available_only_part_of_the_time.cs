using static Marketplace.Allocation.Matching.Tests.Support.A;

namespace Marketplace.Allocation.Matching.Tests.Rules;

public class When_a_cluster_is_available_only_part_of_the_time
{
    [Fact]
    public void Should_start_no_earlier_than_the_cluster_becomes_available() =>
        Assert.Equal(Hour(6), Round([Cluster(1) with { AvailableFrom = Hour(6) }], Bid(10)).PlacementOf(10).StartsAt);

    [Fact]
    public void Should_end_no_later_than_the_cluster_stops_being_available()
    {
        var result = Round([Cluster(1) with { AvailableUntil = Hour(10) }], Bid(10, hours: 10) with { EarliestStart = Hour(0) });
        Assert.Equal(Hour(0), result.PlacementOf(10).StartsAt);
        Assert.Equal(Hour(10), result.PlacementOf(10).EndsAt);
    }

    [Fact]
    public void Should_lose_when_the_whole_duration_does_not_fit_the_availability()
    {
        var result = Round([Cluster(1) with { AvailableFrom = Hour(20), AvailableUntil = Hour(27) }], Bid(10, hours: 8));
        Assert.False(result.DecisionFor(10).Won);
        Assert.Equal($"no cluster of model {H100} that matches your regions, fabric, price and size is available for 8 h starting in your window "
            + "(the latest any is listed until is 2026-03-03T13:00Z, the latest start is 2026-03-03T10:00Z)",
            result.DecisionFor(10).Reason);
    }
}
