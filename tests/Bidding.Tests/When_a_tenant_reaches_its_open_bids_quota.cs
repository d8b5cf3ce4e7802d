using System.Net;
using Marketplace.Testing;
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
}
