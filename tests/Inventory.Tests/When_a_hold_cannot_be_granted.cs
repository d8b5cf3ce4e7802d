using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>HoldNodes that inventory must refuse whatever the caller's view: it answers NodesUnavailable and holds nothing.</summary>
[Collection(InventoryMarket.Name)]
public sealed class When_a_hold_cannot_be_granted(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Theory]
    [InlineData("before availableFrom", -1, 2, 1)]
    [InlineData("after availableUntil", 30 * 24 - 1, 2, 1)]
    [InlineData("more nodes than the cluster has", 0, 2, 3)]
    [InlineData("no nodes", 0, 2, 0)]
    [InlineData("an empty period", 0, 0, 1)]
    [InlineData("an inverted period", 5, -2, 1)]
    public async Task Should_answer_NodesUnavailable_and_hold_nothing(string why, int startHour, int hours, int nodes)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 2));
        var startsAt = cluster.AvailableFrom.AddHours(startHour);
        var booking = Guid.NewGuid();

        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, nodes, startsAt, startsAt.AddHours(hours)));
        var outcome = await _inventory.OutcomeAsync(booking);

        Assert.True(outcome.Type == nameof(NodesUnavailable), $"{why}: got {outcome.Type}");
        Assert.False(string.IsNullOrEmpty(outcome.Reason));
        Assert.Empty(await _inventory.HoldsOnAsync(cluster.Id));
    }

    [Fact]
    public async Task Should_answer_NodesUnavailable_for_a_cluster_that_does_not_exist()
    {
        var booking = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(booking, Guid.NewGuid(), 1, Samples.NextHour, Samples.NextHour.AddHours(1)));

        var outcome = await _inventory.OutcomeAsync(booking);

        Assert.Equal(nameof(NodesUnavailable), outcome.Type);
        Assert.Empty(await _inventory.HoldsOfAsync(booking));
    }
}
