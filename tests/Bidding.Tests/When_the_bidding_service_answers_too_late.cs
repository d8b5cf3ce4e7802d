using System.Net;
using Dapper;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Bidding.Bids;
using Marketplace.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// The gateway gave up (503) while the bidding service was still placing the bid: a retry with the same
/// Idempotency-Key must land on that bid, not place a second one.
/// </summary>
public sealed class When_the_bidding_service_answers_too_late(ImpatientGatewayMarketFixture market) : IClassFixture<ImpatientGatewayMarketFixture>
{
    [Fact]
    public async Task Should_land_a_retry_with_the_same_key_on_the_bid_placed_behind_the_timeout()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var body = Samples.Bid(gpuCount: 8);
        const string key = "slow-order-1";

        HttpResponseMessage first;
        await using (var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding"))))
        {
            await blocker.OpenAsync();
            await using var tx = await blocker.BeginTransactionAsync();
            await blocker.ExecuteAsync("lock table bids in exclusive mode", transaction: tx); // inserts wait, reads go on
            first = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key);
            await tx.CommitAsync();
        }
        await ApiClient.AssertProblemAsync(first, HttpStatusCode.ServiceUnavailable);
        // The service finishes the placement nobody waits for any more.
        var placed = await Eventually.Until(() => BidIdsAsync(tenant.OrganizationId), ids => ids.Count > 0, what: "the late bid is placed");
        // The janitor sweeps before the client retries: the key, written with the late bid, must survive it (issue 9:
        // a released claim was purged at once and the retry placed a second bid).
        Assert.Equal(0, await Janitor().PurgeExpiredAsync(CancellationToken.None));

        // As a client would: retry with the same key while the answer is 503 (on a loaded machine a second is short).
        var retry = await Eventually.Until(() => tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key),
            r => r.StatusCode != HttpStatusCode.ServiceUnavailable, what: "an answer other than 503");

        var bid = await ApiClient.ReadSuccessAsync<BidDto>(retry);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(placed.Single(), bid.Id);
        Assert.Equal([bid.Id], await BidIdsAsync(tenant.OrganizationId));
        // Another body under the key is still refused: the key is bound to what the first attempt may have done.
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 9), key), (HttpStatusCode)422);
    }

    [Fact]
    public async Task Should_forget_a_key_only_once_it_was_first_used_longer_ago_than_the_retention()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        const string key = "old-order-1";
        var first = await ApiClient.ReadSuccessAsync<BidDto>(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key));
        // Bidding keeps a placement's key with its bid (docs/decisions/0014).
        await using var bidding = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        const string age = "update placement_keys set first_used_at = now() - @age where tenant_id = @org and key = @key";

        await bidding.ExecuteAsync(age, new { age = IdempotencyRules.Retention - TimeSpan.FromMinutes(1), org = tenant.OrganizationId, key });
        await Janitor().PurgeExpiredAsync(CancellationToken.None);
        Assert.Equal(first.Id, (await ApiClient.ReadSuccessAsync<BidDto>(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key))).Id);

        await bidding.ExecuteAsync(age, new { age = IdempotencyRules.Retention + TimeSpan.FromMinutes(1), org = tenant.OrganizationId, key });
        await Janitor().PurgeExpiredAsync(CancellationToken.None);
        var afterRetention = await ApiClient.ReadSuccessAsync<BidDto>(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key));
        Assert.NotEqual(first.Id, afterRetention.Id);
    }

    private PlacementKeyJanitor Janitor() =>
        market.BiddingHost.Services.GetServices<IHostedService>().OfType<PlacementKeyJanitor>().Single();

    private async Task<List<Guid>> BidIdsAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        return (await connection.QueryAsync<Guid>("select id from bids where tenant_id = @tenantId", new { tenantId })).AsList();
    }
}
