using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Rounds count free nodes per hour; inventory holds a booking on the same nodes for its whole period (ADR 0009). Here
/// node 1 is out for the first two hours and node 0 for the four after, so every hour has one node free, but no node is
/// free for four hours running: rounds see room that inventory refuses. The refused hours must count as taken for a
/// while, so the bid, and the next bids like it, book elsewhere instead of being offered the same hole round after round.
/// </summary>
public sealed class When_a_cluster_refuses_to_hold_nodes(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_book_bids_on_another_cluster_instead_of_offering_the_hole_again()
    {
        const string model = "A10G-24GB";
        var provider = await market.NewOrganizationAsync("provider");
        var start = Samples.NextHour.AddHours(1);
        var holed = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 2.00m));
        await provider.PostAsync<OutageDto>($"/v1/clusters/{holed.Id}/outages", Outage(1, start, start.AddHours(2)));
        await provider.PostAsync<OutageDto>($"/v1/clusters/{holed.Id}/outages", Outage(0, start.AddHours(2), start.AddHours(6)));
        var spare = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 2.50m));
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from outages where cluster_id = '{holed.Id}'") == 2
            && await AllocationAssertions.ScalarAsync(market, "allocation", $"select count(*) from clusters where id = '{spare.Id}'") == 1,
            what: "allocation knows both outages and the spare cluster");

        var first = await WinAsync(start);
        Assert.Equal(spare.Id, first.Booking.ClusterId);
        Assert.Equal(2.50m, first.Booking.PricePerGpuHour);
        Assert.Equal(1, await RefusedHoldsOnAsync(holed.Id, first.BidId));

        // The hole is remembered for every bid, not only the one refused: the next bid goes to the spare at once.
        var second = await WinAsync(start);
        Assert.Equal(spare.Id, second.Booking.ClusterId);
        Assert.Equal(0, await RefusedHoldsOnAsync(holed.Id, second.BidId));
    }

    private async Task<(Guid BidId, BookingDto Booking)> WinAsync(DateTimeOffset start)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bid = await tenant.PostAsync<BidDto>("/v1/bids",
            Samples.Bid(gpuModel: "A10G-24GB", gpuCount: 8, durationHours: 4, maxPrice: 3.00m, earliest: start, latest: start));
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won", what: "the bid wins");
        return (bid.Id, await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"));
    }

    private Task<long> RefusedHoldsOnAsync(Guid clusterId, Guid bidId) => AllocationAssertions.ScalarAsync(market, "allocation",
        $"select count(*) from bookings where bid_id = '{bidId}' and cluster_id = '{clusterId}' and state = 'void'");

    private static Dictionary<string, object?> Outage(int node, DateTimeOffset from, DateTimeOffset until) => new()
    {
        ["nodeIndexes"] = new[] { node },
        ["from"] = Samples.Iso(from),
        ["until"] = Samples.Iso(until),
        ["reason"] = "planned maintenance",
    };
}
