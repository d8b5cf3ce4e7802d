using System.Net;
using Marketplace.Allocation.Rounds;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Bids under every ask sleep: decided once, then left out of rounds until the market's clusters change (allocation's
/// Rounds/SleepingBids). A change of the clusters must reach them: a new lowest ask is in their reason, and an ask that
/// falls under their limit lets them win.
/// </summary>
public sealed class When_bids_wait_under_every_ask(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_tell_them_of_a_new_lowest_ask_and_place_them_once_an_ask_falls_under_their_limit()
    {
        const string model = "L40S-48GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 3.20m));
        var bids = new List<BidDto>();
        for (var i = 0; i < 3; i++)
            bids.Add(await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 2.10m)));
        foreach (var bid in bids) await ReasonAsync(tenant, bid.Id, "lowest ask there: 3.20");

        // A bid that can win while the others sleep: it wins at the ask, the sleeping limits set no price.
        var rich = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 4.00m));
        Assert.Contains("at 3.20 per GPU-hour; price set by the ask", (await DecisionOfWinnerAsync(tenant, rich.Id)));

        var second = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 3.00m));
        foreach (var bid in bids) await ReasonAsync(tenant, bid.Id, "lowest ask there: 3.00");

        var lowered = await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{second.Id}", new { askPricePerGpuHour = 2.00m });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        await MarketScenarios.WonAsync(tenant, bids[0].Id);
        await MarketScenarios.WonAsync(tenant, bids[1].Id);
        await MarketScenarios.WonAsync(tenant, bids[2].Id);
    }

    /// <summary>
    /// A round reads only what changed since the previous one, and that read must seek the change index under any plan
    /// PostgreSQL keeps for the auto-prepared statement: with "(@since is null or changed_xid >= @since)" the generic
    /// plan read every bid (or booking) the model ever had, on every round.
    /// </summary>
    [Theory]
    [InlineData("bids")]
    [InlineData("bookings")]
    public async Task Should_read_what_changed_since_the_last_round_through_the_change_index_whatever_plan_is_kept(string table)
    {
        var sql = table == "bids" ? OpenBidCache.ReadSql(incremental: true) : OccupancyCache.ReadSql(incremental: true);
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("allocation")));
        await connection.OpenAsync();
        // The generic plan, with sequential scans priced out so that only a statement that cannot seek the index by its
        // changes shows a plan without that condition.
        await using (var setup = new NpgsqlCommand(
            $"set plan_cache_mode = force_generic_plan; set enable_seqscan = off; " +
            $"prepare changes(text, xid8) as {sql.Replace("@gpuModel", "$1").Replace("@since::xid8", "$2::xid8")}", connection))
            await setup.ExecuteNonQueryAsync();
        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand("explain execute changes('H100-SXM-80GB', '1')", connection))
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        Assert.Contains(plan, line => line.Contains("Index Cond") && line.Contains("changed_xid") && line.Contains("gpu_model"));
    }

    private static Task<BidDto> ReasonAsync(ApiClient tenant, Guid bidId, string text) =>
        Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bidId}"), b => b.LastDecision?.Reason.Contains(text) == true,
            what: $"bid {bidId} is told '{text}'");

    private static async Task<string> DecisionOfWinnerAsync(ApiClient tenant, Guid bidId)
    {
        await MarketScenarios.WonAsync(tenant, bidId);
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bidId}"), b => b.LastDecision is not null,
            what: "the winner's decision");
        return won.LastDecision!.Reason;
    }
}
