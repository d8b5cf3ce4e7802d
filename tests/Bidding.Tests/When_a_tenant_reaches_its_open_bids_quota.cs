using System.Net;
using Dapper;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts.Bidding;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>A marketplace where a tenant may have three open bids.</summary>
public sealed class ThreeOpenBidsMarketFixture : MarketplaceFixture
{
    public const int Quota = 3;

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Bidding:MaxOpenBidsPerTenant"] = Quota.ToString();
        return settings;
    }
}

/// <summary>Issue 10, point 10: open bids per tenant are limited (Bidding:MaxOpenBidsPerTenant), race-safely, with 422.</summary>
public sealed class When_a_tenant_reaches_its_open_bids_quota(ThreeOpenBidsMarketFixture market) : IClassFixture<ThreeOpenBidsMarketFixture>
{
    [Fact]
    public async Task Should_refuse_the_fourth_open_bid_with_422_quota_exceeded()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        for (var i = 0; i < ThreeOpenBidsMarketFixture.Quota; i++) await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());

        var problem = await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid()), (HttpStatusCode)422);

        Assert.Equal("Quota exceeded", problem["title"]?.GetValue<string>());
        Assert.Contains("at most 3 open bids", problem["detail"]?.GetValue<string>());
        Assert.Equal(3, (await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items.Count);
        // Another tenant has a quota of its own.
        await (await market.NewOrganizationAsync("tenant")).PostAsync<BidDto>("/v1/bids", Samples.Bid());
    }

    [Fact]
    public async Task Should_create_exactly_the_quota_when_ten_bids_are_placed_at_once()
    {
        var tenant = await market.NewOrganizationAsync("tenant");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid())));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => (int)r.StatusCode == 422));
        Assert.Equal(3, (await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items.Count(b => b.Status == "open"));
    }

    [Fact]
    public async Task Should_free_quota_when_a_bid_is_cancelled()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bids = new List<BidDto>();
        for (var i = 0; i < ThreeOpenBidsMarketFixture.Quota; i++) bids.Add(await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid()));
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid()), (HttpStatusCode)422);

        await ApiClient.ReadSuccessAsync<BidDto>(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bids[0].Id}"));

        var placed = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
        Assert.Equal("open", placed.Status);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid()), (HttpStatusCode)422);
    }

    [Fact]
    public async Task Should_answer_a_retried_placement_with_its_bid_even_at_the_quota()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var body = Samples.Bid();
        var first = await tenant.PostAsync<BidDto>("/v1/bids", body, idempotencyKey: "quota-retry");
        for (var i = 1; i < ThreeOpenBidsMarketFixture.Quota; i++) await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());

        var again = await tenant.PostAsync<BidDto>("/v1/bids", body, idempotencyKey: "quota-retry");

        Assert.Equal(first.Id, again.Id);
    }
    /// <summary>
    /// The quota reads a count per tenant that the bids table's triggers keep (migration 0006), not the rows: a bid that
    /// wins, expires or is cancelled leaves it, and the count stays the number of open rows.
    /// </summary>
    [Fact]
    public async Task Should_free_quota_when_a_bid_wins_expires_or_is_cancelled_and_count_exactly_the_open_bids()
    {
        var bidding = new BiddingService(market);
        var tenant = await market.NewOrganizationAsync("tenant");
        var bids = new List<BidDto>();
        for (var i = 0; i < ThreeOpenBidsMarketFixture.Quota; i++) bids.Add(await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid()));
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid()), (HttpStatusCode)422);

        var award = new AwardBid(bids[0].Id, Guid.NewGuid(), 2m);
        await bidding.SendAwardAsync(award);
        Assert.Single((await bidding.AwardOutcomeAsync(bids[0].Id, award.BookingId)).Awarded);
        await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());

        await bidding.ExecuteAsync("update bids set expires_at = now() + interval '1 second' where id = @id", new { id = bids[1].Id });
        await Eventually.Until(() => bidding.StatusAsync(bids[1].Id), s => s == "expired", TimeSpan.FromSeconds(15), "the bid expires");
        await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());

        await ApiClient.ReadSuccessAsync<BidDto>(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bids[2].Id}"));
        await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid()), (HttpStatusCode)422);

        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        var org = tenant.OrganizationId;
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("select open_count from open_bid_counts where tenant_id = @org", new { org }));
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("select count(*) from bids where tenant_id = @org and status = 'open'", new { org }));
        // Every tenant's count is its open rows, whatever the other tests of this market did.
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            """
            select count(*) from (select tenant_id, count(*) filter (where status = 'open') as open_rows from bids group by tenant_id) r
            full join open_bid_counts c using (tenant_id)
            where coalesce(c.open_count, 0) <> coalesce(r.open_rows, 0)
            """));
    }
}
