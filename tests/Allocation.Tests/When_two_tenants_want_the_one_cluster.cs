using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed class When_two_tenants_want_the_one_cluster(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_give_it_to_the_higher_limit_at_the_losers_limit()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var low = await market.NewOrganizationAsync("tenant");
        var high = await market.NewOrganizationAsync("tenant");
        // Both bids are open before the capacity appears, so one round sees them together.
        var losing = await low.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "B200-SXM-192GB", gpuCount: 16, maxPrice: 3.10m));
        var winning = await high.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "B200-SXM-192GB", gpuCount: 16, maxPrice: 3.50m));
        // Two nodes for exactly the window both want: only one bid fits.
        var from = Samples.NextHour;
        await provider.PostAsync<ClusterDto>("/v1/clusters",
            Samples.Cluster(gpuModel: "B200-SXM-192GB", nodeCount: 2, gpusPerNode: 8, ask: 2.00m, from: from, until: from.AddHours(24)));

        var won = await MarketScenarios.WonAsync(high, winning.Id);
        Assert.Equal(3.10m, won.PricePerGpuHour); // max(ask 2.00, the loser's limit 3.10)
        Assert.Contains("capacity", await MarketScenarios.LastDecisionAsync(market, losing.Id));
        Assert.Equal("open", (await low.GetAsync<BidDto>($"/v1/bids/{losing.Id}")).Status);
    }
}

public sealed class When_a_bid_is_alone_in_the_market(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_pay_the_ask()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "L40S-48GB", ask: 0.95m, gpusPerNode: 4, nodeCount: 3));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "L40S-48GB", gpuCount: 6, maxPrice: 1.80m));
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        Assert.Equal(0.95m, won.PricePerGpuHour);
        var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}");
        Assert.Equal(2, booking.NodeCount);
        Assert.Equal(8, booking.GpuCount);
        Assert.Equal(0.95m * 8 * 24, booking.TotalPrice);
    }
}

public sealed class When_no_capacity_fits_yet(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_stay_open_then_win_when_a_fitting_cluster_is_listed()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        // A cluster that does not fit: too small, and one in another region.
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H200-SXM-141GB", nodeCount: 1, gpusPerNode: 8));
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H200-SXM-141GB", nodeCount: 8, region: "eu-west-1"));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids",
            Samples.Bid(gpuModel: "H200-SXM-141GB", gpuCount: 32, maxPrice: 4m, regions: ["us-east-1"]));

        await MarketScenarios.LastDecisionAsync(market, bid.Id);
        Assert.Equal("open", (await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);

        var fitting = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H200-SXM-141GB", nodeCount: 4, gpusPerNode: 8));
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}");
        Assert.Equal(fitting.Id, booking.ClusterId);
    }
}
