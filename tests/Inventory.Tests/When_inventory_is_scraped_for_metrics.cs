using System.Net;
using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// Issue 11: the inventory service's /metrics counts holds taken, refused, confirmed and released, and shows how many wait for
/// confirmation. The market is shared with other test classes, so counts are at least what this test did.
/// </summary>
[Collection(InventoryMarket.Name)]
public sealed class When_inventory_is_scraped_for_metrics(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_count_holds_taken_refused_confirmed_and_released_and_show_the_ones_waiting()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 3));
        var t0 = cluster.AvailableFrom;
        var waiting = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(waiting, cluster.Id, 1, t0, t0.AddHours(2)));
        await _inventory.OutcomeAsync(waiting);
        var booked = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(booked, cluster.Id, 2, t0, t0.AddHours(2)));
        await _inventory.OutcomeAsync(booked);
        var refused = Guid.NewGuid(); // the cluster's three nodes are held for those hours
        await _inventory.SendAsync(new HoldNodes(refused, cluster.Id, 1, t0, t0.AddHours(2)));
        Assert.Equal(nameof(NodesUnavailable), (await _inventory.OutcomeAsync(refused)).Type);
        await _inventory.SendAsync(new ConfirmHold(booked, cluster.Id, 2, t0, t0.AddHours(2)));
        await _inventory.OutcomeAsync(booked, 2);
        await _inventory.SendAsync(new ReleaseNodes(booked, null, "cancelled by admin"));
        await _inventory.OutcomeAsync(booked, 3);

        var body = await Scrape.UntilShownAsync(market.InventoryHost.CreateClient(),
            "marketplace_inventory_holds_taken_total", "marketplace_inventory_holds_refused_total", "marketplace_inventory_holds_confirmed_total",
            "marketplace_inventory_holds_released_total", "marketplace_inventory_active_holds",
            "marketplace_outbox_relayed_messages_total");
        Assert.True(Scrape.Value(body, "marketplace_inventory_holds_taken_total") >= 2);
        Assert.True(Scrape.Value(body, "marketplace_inventory_holds_refused_total") >= 1);
        Assert.True(Scrape.Value(body, "marketplace_inventory_holds_confirmed_total") >= 1);
        Assert.True(Scrape.Value(body, "marketplace_inventory_holds_released_total") >= 1);
        Assert.True(Scrape.Value(body, "marketplace_inventory_active_holds") >= 1); // the waiting one (30 s before it expires)
    }

    [Fact]
    public async Task Should_answer_404_to_a_caller_from_another_network()
    {
        var response = await Scrape.FromAsync(market.InventoryHost.CreateClient(), Scrape.Internet);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
