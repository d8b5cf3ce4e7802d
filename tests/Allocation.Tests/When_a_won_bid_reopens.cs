using Marketplace.Contracts.Inventory;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// API.md lastDecision when a win falls through: allocation's view of capacity was stale, inventory refuses the hold,
/// the bid reopens and loses again for the reason it lost before the win. That reason is news again (the bid was last
/// told it won), so it must reach the bid instead of being taken for a repeat and left out.
/// </summary>
public sealed class When_a_won_bid_reopens(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_show_the_reason_it_waits_again_and_not_the_win_that_fell_through()
    {
        const string model = "L40S-48GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 3.20m));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 2.10m));
        var before = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"),
            b => b.LastDecision?.Reason.Contains("lowest ask there: 3.20") == true, what: "the bid waits under every ask");

        // Inventory announces a cheaper listing and withdraws it before the hold arrives (here: a listing inventory
        // never stored), so the round places the bid on a cluster that inventory then refuses to hold.
        var inventory = market.InventoryHost.Services.GetRequiredService<IBus>();
        var listedAt = DateTimeOffset.UtcNow;
        var stale = new ClusterView(Guid.NewGuid(), provider.OrganizationId, "gone-already", "us-east-1", model, 8, 2,
            new Interconnect("infiniband", 3200), 2.00m, Samples.NextHour, Samples.NextHour.AddDays(30), "active", listedAt, listedAt);
        await inventory.Publish(new ClusterListed(stale));
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"),
            b => b.LastDecision?.Reason.StartsWith("won") == true, what: "a round places the bid on the stale listing");
        // Withdrawn at once; a round before the withdrawal arrives may still place the bid there and be refused again.
        // Once the listing is gone the bid waits for its old reason again.
        await inventory.Publish(new ClusterDelisted(stale with { Status = "delisted", UpdatedAt = listedAt.AddSeconds(1) }));
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from bookings where bid_id = '{bid.Id}' and state = 'void'") > 0, what: "inventory refused the hold");

        var after = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"),
            b => b.LastDecision?.Reason == before.LastDecision!.Reason && b.LastDecision.At > won.LastDecision!.At,
            what: "the reopened bid is told again the reason it waited for before the win");
        Assert.Equal("open", after.Status);
    }
}
