using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// An outage deletes the rows of the bookings it cuts and writes what is left of them anew (and replacement nodes). A
/// release of one of those bookings running beside it must not miss the new rows: it would leave them held for a booking
/// that let its nodes go, lost to the market for its whole period.
/// </summary>
[Collection(InventoryMarket.Name)]
public sealed class When_an_outage_cuts_a_booking_being_released(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_release_the_rows_the_outage_wrote_anew()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var t0 = cluster.AvailableFrom;
        var booking = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, 2, t0, t0.AddHours(10)));
        Assert.Equal(nameof(NodesHeld), (await _inventory.OutcomeAsync(booking)).Type);
        await _inventory.SendAsync(new ConfirmHold(booking, cluster.Id, 2, t0, t0.AddHours(10)));
        Assert.Equal(nameof(HoldConfirmed), (await _inventory.OutcomeAsync(booking, 2)).Type);

        // Another transaction holds the booking's rows, so the outage and the release both come to wait, in that order.
        await using var blocker = _inventory.Connect();
        await blocker.OpenAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("select id from node_holds where booking_id = @booking for update", new { booking }, blocking);

        var reported = provider.PostAsync<ReportedOutage>($"/v1/clusters/{cluster.Id}/outages", new Dictionary<string, object?>
        {
            ["nodeIndexes"] = new[] { 0 }, ["from"] = Samples.Iso(t0.AddHours(2)), ["until"] = Samples.Iso(t0.AddHours(4)),
            ["reason"] = "GPU fell off the bus (Xid 79)",
        });
        await WaitersAsync(1, "the outage waits for the booking's rows");
        await _inventory.SendAsync(new ReleaseNodes(booking, null, "cancelled by admin"));
        await WaitersAsync(2, "the release waits too");
        await blocking.CommitAsync();

        Assert.Equal([0], (await reported).NodeIndexes);
        Assert.Equal(nameof(NodesReleased), (await _inventory.OutcomeAsync(booking, nameof(NodesReleased))).Type);
        Assert.Empty(await _inventory.HoldsOfAsync(booking));
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    private sealed record ReportedOutage(Guid Id, List<int> NodeIndexes);

    /// <summary>Waits until this many of inventory's backends wait for a lock.</summary>
    private Task WaitersAsync(int count, string what) => Eventually.Until(
        () => _inventory.QueryAsync<long>(
            "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"),
        rows => rows.Single() >= count, what: what);
}
