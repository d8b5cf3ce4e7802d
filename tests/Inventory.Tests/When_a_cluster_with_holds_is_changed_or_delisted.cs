using System.Net;
using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>API.md: PATCH never cuts into a booking (409); delisting stops new bookings and keeps existing ones; the calendar shows them.</summary>
[Collection(InventoryMarket.Name)]
public sealed class When_a_cluster_with_holds_is_changed_or_delisted(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_refuse_to_move_availableUntil_before_the_end_of_a_hold_and_allow_it_up_to_that_end()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 2));
        var holdEnds = cluster.AvailableFrom.AddHours(48);
        var booking = await HoldAsync(cluster, 1, cluster.AvailableFrom.AddHours(24), holdEnds);

        var conflict = await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { availableUntil = Samples.Iso(holdEnds.AddHours(-1)) });
        await ApiClient.AssertProblemAsync(conflict, HttpStatusCode.Conflict);
        var beforeHold = await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { availableUntil = Samples.Iso(cluster.AvailableFrom.AddHours(1)) });
        await ApiClient.AssertProblemAsync(beforeHold, HttpStatusCode.Conflict);
        Assert.Equal(cluster.AvailableUntil, (await provider.GetAsync<ClusterDto>($"/v1/clusters/{cluster.Id}")).AvailableUntil);

        var shortened = await ApiClient.ReadSuccessAsync<ClusterDto>(
            await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { availableUntil = Samples.Iso(holdEnds) }));
        Assert.Equal(holdEnds, shortened.AvailableUntil);
        Assert.Single(await _inventory.HoldsOfAsync(booking));

        var extended = await ApiClient.ReadSuccessAsync<ClusterDto>(
            await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { availableUntil = Samples.Iso(holdEnds.AddDays(60)) }));
        Assert.Equal(holdEnds.AddDays(60), extended.AvailableUntil);
    }

    [Fact]
    public async Task Should_change_name_and_ask_and_keep_the_rest()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(ask: 2.10m));

        var renamed = await ApiClient.ReadSuccessAsync<ClusterDto>(
            await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { name = "renamed", askPricePerGpuHour = 1.9999m }));

        Assert.Equal(cluster with { Name = "renamed", AskPricePerGpuHour = 1.9999m, UpdatedAt = renamed.UpdatedAt }, renamed);
        Assert.True(renamed.UpdatedAt > cluster.UpdatedAt);
        Assert.Equal(renamed, await provider.GetAsync<ClusterDto>($"/v1/clusters/{cluster.Id}"));
    }

    [Fact]
    public async Task Should_keep_existing_holds_and_refuse_new_ones_once_delisted()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var startsAt = cluster.AvailableFrom.AddHours(5);
        var held = await HoldAsync(cluster, 2, startsAt, startsAt.AddHours(10));
        var holdsBefore = await _inventory.HoldsOfAsync(held);

        var delisted = await ApiClient.ReadSuccessAsync<ClusterDto>(await provider.SendAsync(HttpMethod.Delete, $"/v1/clusters/{cluster.Id}"));
        Assert.Equal("delisted", delisted.Status);
        var again = await ApiClient.ReadSuccessAsync<ClusterDto>(await provider.SendAsync(HttpMethod.Delete, $"/v1/clusters/{cluster.Id}"));
        Assert.Equal(delisted, again);

        Assert.Equivalent(holdsBefore, await _inventory.HoldsOfAsync(held));
        var refused = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(refused, cluster.Id, 1, startsAt.AddHours(20), startsAt.AddHours(22)));
        var outcome = await _inventory.OutcomeAsync(refused);
        Assert.Equal(nameof(NodesUnavailable), outcome.Type);
        Assert.Contains("delisted", outcome.Reason);
        Assert.Empty(await _inventory.HoldsOfAsync(refused));

        // The booking that already held its nodes still completes.
        await _inventory.SendAsync(new ConfirmHold(held, cluster.Id, 2, startsAt, startsAt.AddHours(10)));
        Assert.Equal(nameof(HoldConfirmed), (await _inventory.OutcomeAsync(held, 2)).Type);
        Assert.All(await _inventory.HoldsOfAsync(held), h => Assert.Equal("booked", h.Status));
    }

    [Fact]
    public async Task Should_show_each_nodes_holds_in_the_calendar_to_the_owner_and_an_admin()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 3));
        var t0 = cluster.AvailableFrom;
        var first = await HoldAsync(cluster, 2, t0.AddHours(1), t0.AddHours(6));
        var second = await HoldAsync(cluster, 3, t0.AddHours(6), t0.AddHours(8));
        var later = await HoldAsync(cluster, 1, t0.AddDays(20), t0.AddDays(21));

        var window = $"from={Samples.Iso(t0)}&to={Samples.Iso(t0.AddDays(2))}";
        var calendar = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?{window}");

        Assert.Equal(cluster.Id, calendar.ClusterId);
        Assert.Equal([0, 1, 2], calendar.Nodes.Select(n => n.Index));
        Assert.Equal([new HoldSlotDto(t0.AddHours(1), t0.AddHours(6), first), new HoldSlotDto(t0.AddHours(6), t0.AddHours(8), second)], calendar.Nodes[0].Holds);
        Assert.Equal(calendar.Nodes[0].Holds, calendar.Nodes[1].Holds);
        Assert.Equal([new HoldSlotDto(t0.AddHours(6), t0.AddHours(8), second)], calendar.Nodes[2].Holds);
        Assert.DoesNotContain(calendar.Nodes.SelectMany(n => n.Holds), h => h.BookingId == later);

        Assert.Equivalent(calendar, await market.Admin().GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?{window}"), strict: true);

        // Without from and to: the next 14 days from the current hour.
        var upcoming = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar");
        Assert.Equal(2, upcoming.Nodes[0].Holds.Count);
        var lateWindow = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?from={Samples.Iso(t0.AddDays(19))}&to={Samples.Iso(t0.AddDays(25))}");
        Assert.Equal([new HoldSlotDto(t0.AddDays(20), t0.AddDays(21), later)], lateWindow.Nodes[0].Holds);
        Assert.Empty(lateWindow.Nodes[1].Holds);
    }

    private async Task<Guid> HoldAsync(ClusterDto cluster, int nodes, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var booking = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, nodes, startsAt, endsAt));
        var outcome = await _inventory.OutcomeAsync(booking);
        Assert.True(outcome.Type == nameof(NodesHeld), $"expected NodesHeld, got {outcome.Type}: {outcome.Reason}");
        return booking;
    }
}
