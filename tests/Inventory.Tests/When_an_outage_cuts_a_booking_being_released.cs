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
        var outage = (await BlockedByAsync([blocker.ProcessID], "the outage waits for the booking's rows")).Single();
        await _inventory.SendAsync(new ReleaseNodes(booking, null, "cancelled by admin"));
        await BlockedByAsync([blocker.ProcessID, outage], "the release waits too", besides: outage);
        await blocking.CommitAsync();

        Assert.Equal([0], (await reported).NodeIndexes);
        // The outage came first: it cut the booking (and gave it a replacement node); the release then freed it all.
        Assert.Equal(nameof(BookingNodesLost), (await _inventory.OutcomeAsync(booking, 3)).Type);
        Assert.Equal(nameof(NodesReleased), (await _inventory.OutcomeAsync(booking, 4)).Type);
        Assert.Empty(await _inventory.HoldsOfAsync(booking));
    }

    private sealed record ReportedOutage(Guid Id, List<int> NodeIndexes);

    /// <summary>
    /// Waits until a backend of inventory's database (other than <paramref name="besides"/>) waits for a lock one of
    /// <paramref name="pids"/> holds; returns those that do.
    /// </summary>
    private Task<List<int>> BlockedByAsync(int[] pids, string what, int besides = 0) => Eventually.Until(
        () => _inventory.QueryAsync<int>(
            """
            select pid from pg_stat_activity
            where datname = current_database() and pid <> @besides and pg_blocking_pids(pid) && @pids
            """, new { pids, besides }),
        rows => rows.Count > 0, what: what);
}
