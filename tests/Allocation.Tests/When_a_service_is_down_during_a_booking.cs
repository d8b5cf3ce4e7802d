using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed class When_a_service_is_down_during_a_booking(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_finish_the_booking_once_inventory_is_back()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "A10G-24GB", nodeCount: 2, gpusPerNode: 4, ask: 0.5m));
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from clusters where id = '{cluster.Id}'") == 1, what: "allocation sees the cluster");

        await market.StopAsync("inventory");
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A10G-24GB", gpuCount: 4, maxPrice: 1m));
        // The round decides and the workflow waits on HoldNodes, queued for the stopped inventory.
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from bookings where bid_id = '{bid.Id}' and state = 'holding'") == 1, what: "booking waits for inventory");

        await market.StartAgainAsync("inventory");
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        var booking = await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"), b => b.ClusterId == cluster.Id);
        Assert.Equal("scheduled", booking.Status);
    }

    [Fact]
    public async Task Should_place_bids_made_while_allocation_was_down()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await market.StopAsync("allocation");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "A100-SXM-40GB", nodeCount: 2, gpusPerNode: 8, ask: 0.9m));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A100-SXM-40GB", gpuCount: 8, maxPrice: 1m));
        Assert.Equal("open", (await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);

        await market.StartAgainAsync("allocation");
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        Assert.Equal(cluster.Id, (await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}")).ClusterId);
    }
}
