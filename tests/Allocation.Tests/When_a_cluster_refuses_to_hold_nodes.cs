using Marketplace.Contracts.Inventory;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Rounds count free nodes per hour; inventory holds a booking on the same nodes for its whole period, so after outages
/// and cancellations a round can see room that inventory then refuses (ADR 0009). The refused cluster must not be offered
/// to the bid again round after round while other clusters could take it: the bid keeps off it for a while and books
/// elsewhere.
/// </summary>
public sealed class When_a_cluster_refuses_to_hold_nodes(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_book_the_bid_on_another_cluster_instead_of_offering_the_refusing_one_again()
    {
        const string model = "A10G-24GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");

        // The cheapest cluster in allocation's view is one inventory never stored: inventory refuses every hold on it,
        // as it refuses a hole that only the per-hour counts show as free.
        var inventory = market.InventoryHost.Services.GetRequiredService<IBus>();
        var listedAt = DateTimeOffset.UtcNow;
        var refusing = new ClusterView(Guid.NewGuid(), provider.OrganizationId, "refuses-every-hold", "us-east-1", model, 8, 2,
            new Interconnect("infiniband", 3200), 2.00m, Samples.NextHour, Samples.NextHour.AddDays(30), "active", listedAt, listedAt);
        await inventory.Publish(new ClusterListed(refusing));
        var real = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 2.50m));
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from clusters where id in ('{refusing.Id}', '{real.Id}')") == 2, what: "allocation lists both clusters");

        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 3.00m));
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won",
            what: "the bid wins once the refusing cluster is set aside");

        var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}");
        Assert.Equal(real.Id, booking.ClusterId);
        Assert.Equal(2.50m, booking.PricePerGpuHour);
        // Offered to the refusing cluster once, not once per round.
        Assert.Equal(1, await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from bookings where bid_id = '{bid.Id}' and cluster_id = '{refusing.Id}' and state = 'void'"));
    }
}
