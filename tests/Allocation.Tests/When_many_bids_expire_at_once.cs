using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Every bid that does not win expires, and bidding's sweeper expires them in bursts: allocation takes them off the
/// market many to a transaction (bidding tells a sweep's expiries in one BidsExpired, and the consumer takes batches of
/// them), and none of them is placed afterwards.
/// </summary>
public sealed class When_many_bids_expire_at_once(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    private const string Model = "A100-SXM-80GB";
    private const int Bids = 60;

    [Fact]
    public async Task Should_take_them_all_off_the_market_together_and_place_none_of_them()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: Model, nodeCount: 2, ask: 3.00m));
        var ids = new List<Guid>();
        for (var i = 0; i < Bids; i++)
            ids.Add((await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: Model, gpuCount: 8, maxPrice: 2.00m))).Id);
        var all = ids.ToArray();
        await Eventually.True(async () => await CountAsync("allocation", "select count(*) from bids where id = any(@all) and status = 'open'", all) == Bids,
            what: "allocation has every bid open");

        // Their deadline moved to the next second in bidding: the sweeper expires them together and publishes BidsExpired.
        await CountAsync("bidding", "with moved as (update bids set expires_at = now() + interval '1 second' where id = any(@all) returning 1) select count(*) from moved", all);
        await Eventually.True(async () => await CountAsync("allocation", "select count(*) from bids where id = any(@all) and status = 'closed'", all) == Bids,
            TimeSpan.FromSeconds(30), "allocation closed every expired bid");

        Assert.Equal(Bids, await CountAsync("allocation", "select count(*) from bid_closures where bid_id = any(@all) and reason = 'expired'", all));
        // Rows written by one transaction share its id (xmin): the burst took far fewer transactions than bids.
        Assert.InRange(await CountAsync("allocation", "select count(distinct xmin::text) from bid_closures where bid_id = any(@all)", all), 1, Bids / 2);

        // An ask under their limit now places a new bid and none of the expired ones.
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: Model, nodeCount: 2, ask: 1.50m));
        var control = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: Model, gpuCount: 8, maxPrice: 2.00m));
        await MarketScenarios.WonAsync(tenant, control.Id);
        Assert.Equal(0, await CountAsync("allocation", "select count(*) from bookings where bid_id = any(@all)", all));
        Assert.All((await tenant.GetAsync<Page<BidDto>>("/v1/bids?status=expired&limit=100")).Items, b => Assert.Contains(b.Id, ids));
        Assert.Equal(Bids, (await tenant.GetAsync<Page<BidDto>>("/v1/bids?status=expired&limit=100")).Items.Count);
    }

    private async Task<long> CountAsync(string service, string sql, Guid[] all)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf(service)));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("all", all);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
