using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// DESIGN.md: "No node is ever held by two bookings for overlapping hours" is a database guarantee. Forty HoldNodes
/// commands arrive at once, as they would from several allocation instances with stale views.
/// </summary>
[Collection(InventoryMarket.Name)]
public sealed class When_many_bookings_compete_for_the_same_nodes(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_hold_each_node_once_when_forty_bookings_want_the_same_hours()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var startsAt = cluster.AvailableFrom.AddHours(2);
        var endsAt = startsAt.AddHours(10);
        var bookings = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(bookings.Select(b => _inventory.SendAsync(new HoldNodes(b, cluster.Id, 1, startsAt, endsAt))));
        var outcomes = await _inventory.FirstOutcomesAsync(bookings);

        var held = outcomes.Values.Where(o => o.Type == nameof(NodesHeld)).ToList();
        Assert.Equal(4, held.Count);
        Assert.Equal(36, outcomes.Values.Count(o => o.Type == nameof(NodesUnavailable)));
        Assert.Equal([0, 1, 2, 3], held.SelectMany(o => o.NodeIndexes).Order());
        Assert.Equal(4, (await _inventory.HoldsOnAsync(cluster.Id)).Count);
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    [Fact]
    public async Task Should_grant_exactly_the_holds_that_fit_when_forty_bookings_want_overlapping_hours()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 6));
        var origin = cluster.AvailableFrom.AddHours(1);
        // Staggered, overlapping requests of 1 to 3 nodes for 2 to 6 hours within a 16-hour window.
        var requests = Enumerable.Range(0, 40).Select(i =>
        {
            var startsAt = origin.AddHours(i * 7 % 12);
            return new HoldNodes(Guid.NewGuid(), cluster.Id, 1 + i % 3, startsAt, startsAt.AddHours(2 + i % 5));
        }).ToList();

        await Task.WhenAll(requests.Select(r => _inventory.SendAsync(r)));
        var outcomes = await _inventory.FirstOutcomesAsync(requests.Select(r => r.BookingId).ToList());

        Assert.All(outcomes.Values, o => Assert.Contains(o.Type, new[] { nameof(NodesHeld), nameof(NodesUnavailable) }));
        var held = requests.Where(r => outcomes[r.BookingId].Type == nameof(NodesHeld)).ToList();
        var refused = requests.Where(r => outcomes[r.BookingId].Type == nameof(NodesUnavailable)).ToList();
        Assert.NotEmpty(held);
        Assert.NotEmpty(refused);

        foreach (var request in held)
        {
            var holds = await _inventory.HoldsOfAsync(request.BookingId);
            Assert.Equal(outcomes[request.BookingId].NodeIndexes, holds.Select(h => h.NodeIndex));
            Assert.Equal(request.NodeCount, holds.Count);
            Assert.All(holds, h => Assert.Equal((request.StartsAt, request.EndsAt, "held"), (h.StartsAt, h.EndsAt, h.Status)));
        }
        foreach (var request in refused)
        {
            Assert.Empty(await _inventory.HoldsOfAsync(request.BookingId));
            // Holds only accumulated during the burst, so a refusal that was right then is still right now.
            Assert.True(await _inventory.FreeNodesAsync(cluster.Id, request.StartsAt, request.EndsAt) < request.NodeCount,
                $"{request.BookingId} was refused although {request.NodeCount} nodes are free for its hours");
        }
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    [Fact]
    public async Task Should_refuse_overlapping_holds_in_the_database_itself_whoever_writes_them()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 2));
        var at = cluster.AvailableFrom;
        const string insert = """
            insert into node_holds (booking_id, cluster_id, node_index, period, status)
            values (@booking, @cluster, @node, tstzrange(@startsAt, @endsAt, '[)'), 'booked')
            """;
        await using var connection = _inventory.Connect();
        await connection.OpenAsync();
        async Task Hold(int node, int fromHour, int toHour) => await connection.ExecuteAsync(insert,
            new { booking = Guid.NewGuid(), cluster = cluster.Id, node, startsAt = at.AddHours(fromHour), endsAt = at.AddHours(toHour) });

        await Hold(node: 0, fromHour: 0, toHour: 4);
        await Hold(node: 0, fromHour: 4, toHour: 8);  // back to back: [0,4) and [4,8) do not overlap
        await Hold(node: 1, fromHour: 2, toHour: 6);  // another node: free

        var error = await Assert.ThrowsAsync<PostgresException>(() => Hold(node: 0, fromHour: 3, toHour: 5));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, error.SqlState);
        Assert.Equal("node_holds_no_overlap", error.ConstraintName);
    }
}
