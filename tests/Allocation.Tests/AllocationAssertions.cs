using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Allocation.Tests;

internal static class AllocationAssertions
{
    public static async Task<long> ScalarAsync(MarketplaceFixture market, string service, string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf(service)));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>
    /// Waits until allocation knows the cluster: a listing reaches it on another queue than what a test sends next (a
    /// bid, an outage), which could otherwise arrive first.
    /// </summary>
    public static Task ClusterKnownAsync(MarketplaceFixture market, Guid clusterId) =>
        Eventually.True(async () => await ScalarAsync(market, "allocation", $"select count(*) from clusters where id = '{clusterId}'") == 1,
            what: $"allocation knows cluster {clusterId}");

    /// <summary>Compensation converged: every hold in inventory belongs to a booking that allocation shows (none to a voided one).</summary>
    public static async Task NoVoidBookingHoldsNodesAsync(MarketplaceFixture market)
    {
        await Eventually.True(async () =>
        {
            var heldBookings = await ScalarAsync(market, "inventory", "select count(distinct booking_id) from node_holds");
            var liveBookings = await ScalarAsync(market, "allocation", "select count(*) from bookings where state in ('confirmed', 'confirming')");
            return heldBookings == liveBookings;
        }, TimeSpan.FromSeconds(60), "holds of void bookings released");
    }

    public static async Task NoOverlappingHoldsAsync(MarketplaceFixture market) =>
        Assert.Equal(0, await ScalarAsync(market, "inventory",
            """
            select count(*) from node_holds a join node_holds b
              on a.cluster_id = b.cluster_id and a.node_index = b.node_index and a.id < b.id and a.period && b.period
            """));
}
