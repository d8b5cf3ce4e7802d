using Marketplace.Testing;
using Xunit;

namespace Marketplace.EndToEnd.Tests;

/// <summary>The walking skeleton: gateway → RabbitMQ → inventory, bidding, allocation → PostgreSQL, over HTTP.</summary>
public sealed class When_a_tenant_bids_on_a_listed_cluster(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_win_the_bid_and_show_the_booking_to_tenant_provider_and_admin()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");

        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4, gpusPerNode: 8, ask: 2.10m));
        Assert.Equal("active", cluster.Status);
        Assert.Equal(provider.OrganizationId, cluster.ProviderId);

        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuCount: 12, durationHours: 24, maxPrice: 2.50m));
        Assert.Equal("open", bid.Status);

        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won", what: "bid won");
        Assert.NotNull(won.BookingId);
        Assert.Equal(2.10m, won.PricePerGpuHour); // alone in the market: pays the ask

        var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}");
        Assert.Equal(cluster.Id, booking.ClusterId);
        Assert.Equal(bid.Id, booking.BidId);
        Assert.Equal(2, booking.NodeCount);           // 12 GPUs on 8-GPU nodes: two whole nodes
        Assert.Equal(16, booking.GpuCount);
        Assert.Equal(TimeSpan.FromHours(24), booking.EndsAt - booking.StartsAt);
        Assert.Equal(Samples.NextHour, booking.StartsAt);
        Assert.Equal(2.10m * 16 * 24, booking.TotalPrice);
        Assert.Equal("scheduled", booking.Status);

        Assert.Equal(booking.Id, (await provider.GetAsync<BookingDto>($"/v1/bookings/{booking.Id}")).Id);
        Assert.Equal(booking.Id, (await market.Admin().GetAsync<BookingDto>($"/v1/bookings/{booking.Id}")).Id);
        var tenantBookings = await tenant.GetAsync<Page<BookingDto>>("/v1/bookings");
        Assert.Contains(tenantBookings.Items, b => b.Id == booking.Id);
    }
}
