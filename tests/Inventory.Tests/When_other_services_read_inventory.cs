using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using MassTransit;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// The paged reads other services make over the bus: the allocation service rebuilds its view of capacity from
/// GetClusterSnapshot; settlement's reconciliation compares bookings against ListHolds.
/// </summary>
[Collection(InventoryMarket.Name)]
public sealed class When_other_services_read_inventory(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_page_through_every_active_cluster_once_in_the_snapshot()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var active = new List<ClusterDto>();
        for (var i = 0; i < 3; i++) active.Add(await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster()));
        var delisted = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());
        await provider.SendAsync(HttpMethod.Delete, $"/v1/clusters/{delisted.Id}");

        var client = _inventory.Bus.CreateRequestClient<GetClusterSnapshot>();
        var seen = new List<ClusterView>();
        string? cursor = null;
        do
        {
            var page = (await client.GetResponse<ClusterPage>(new GetClusterSnapshot(2, cursor))).Message;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(seen.Count, seen.Select(c => c.Id).Distinct().Count());
        Assert.All(active, c => Assert.Contains(seen, s => s.Id == c.Id));
        Assert.DoesNotContain(seen, s => s.Id == delisted.Id);
        Assert.All(seen, s => Assert.Equal("active", s.Status));
    }

    [Fact]
    public async Task Should_list_each_bookings_holds_over_a_period_paged()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        // A far window of this cluster alone, so other tests' holds do not show up in it.
        var t0 = cluster.AvailableFrom.AddDays(25);
        var bookings = new List<(Guid Id, int Nodes, DateTimeOffset StartsAt, DateTimeOffset EndsAt)>
        {
            (Guid.NewGuid(), 2, t0, t0.AddHours(5)),
            (Guid.NewGuid(), 1, t0.AddHours(3), t0.AddHours(9)),
            (Guid.NewGuid(), 1, t0.AddHours(1), t0.AddHours(2)),
        };
        var outside = Guid.NewGuid();
        foreach (var b in bookings) await HoldAsync(new HoldNodes(b.Id, cluster.Id, b.Nodes, b.StartsAt, b.EndsAt));
        await HoldAsync(new HoldNodes(outside, cluster.Id, 4, t0.AddHours(20), t0.AddHours(21)));
        await _inventory.SendAsync(new ConfirmHold(bookings[0].Id, cluster.Id, 2, t0, t0.AddHours(5)));
        await _inventory.OutcomeAsync(bookings[0].Id, nameof(HoldConfirmed));

        var client = _inventory.Bus.CreateRequestClient<ListHolds>();
        var seen = new List<HoldRecord>();
        string? cursor = null;
        do
        {
            var page = (await client.GetResponse<HoldPage>(new ListHolds(t0, t0.AddHours(10), 2, cursor))).Message;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);

        var mine = seen.Where(h => h.ClusterId == cluster.Id).OrderBy(h => h.StartsAt).ToList();
        Assert.Equal(bookings.OrderBy(b => b.StartsAt).Select(b => b.Id), mine.Select(h => h.BookingId));
        Assert.All(mine, h => Assert.Equal(provider.OrganizationId, h.ProviderId));
        var first = mine.Single(h => h.BookingId == bookings[0].Id);
        Assert.Equal([0, 1], first.NodeIndexes);
        Assert.Equal((t0, t0.AddHours(5), "booked"), (first.StartsAt, first.EndsAt, first.Status));
        Assert.Equal("held", mine.Single(h => h.BookingId == bookings[1].Id).Status);
        Assert.DoesNotContain(seen, h => h.BookingId == outside);
    }

    [Fact]
    public async Task Should_answer_an_empty_page_for_an_empty_or_inverted_period()
    {
        var client = _inventory.Bus.CreateRequestClient<ListHolds>();
        var at = Samples.NextHour;

        Assert.Empty((await client.GetResponse<HoldPage>(new ListHolds(at, at, 10, null))).Message.Items);
        var inverted = (await client.GetResponse<HoldPage>(new ListHolds(at.AddDays(1), at, 10, null))).Message;
        Assert.Empty(inverted.Items);
        Assert.Null(inverted.NextCursor);
    }

    private async Task HoldAsync(HoldNodes command)
    {
        await _inventory.SendAsync(command);
        Assert.Equal(nameof(NodesHeld), (await _inventory.OutcomeAsync(command.BookingId)).Type);
    }
}
