using System.Net;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>API.md "Bids" and "404 … or it belongs to another organization": who sees and changes which bid.</summary>
[Collection(QuietMarket.Name)]
public sealed class When_tenants_look_at_bids(QuietMarketFixture market)
{
    private readonly BiddingService _bidding = new(market);

    [Fact]
    public async Task Should_hide_one_tenants_bids_from_another_tenant_with_404()
    {
        var alice = await market.NewOrganizationAsync("tenant");
        var bob = await market.NewOrganizationAsync("tenant");
        var alices = await PlaceAsync(alice, 3);
        var bobs = await PlaceAsync(bob, 1);

        foreach (var bid in alices)
        {
            var problem = await ApiClient.AssertProblemAsync(await bob.Http.GetAsync($"/v1/bids/{bid.Id}"), HttpStatusCode.NotFound);
            Assert.DoesNotContain(bid.Id.ToString(), problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            await ApiClient.AssertProblemAsync(await bob.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.NotFound);
            Assert.Equal("open", (await alice.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);
        }
        // Indistinguishable from a bid that does not exist at all.
        await ApiClient.AssertProblemAsync(await bob.Http.GetAsync($"/v1/bids/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await bob.SendAsync(HttpMethod.Delete, $"/v1/bids/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        var bobsList = await bob.GetAsync<Page<BidDto>>("/v1/bids?limit=200");
        Assert.Equal(bobs.Select(b => b.Id), bobsList.Items.Select(b => b.Id));
        var alicesList = await alice.GetAsync<Page<BidDto>>("/v1/bids?limit=200");
        Assert.Equal(alices.Select(b => b.Id).Reverse(), alicesList.Items.Select(b => b.Id));
        Assert.All(alicesList.Items, b => Assert.Equal(alice.OrganizationId, b.TenantId));
    }

    [Fact]
    public async Task Should_show_every_tenants_bids_to_an_admin()
    {
        var alice = await market.NewOrganizationAsync("tenant");
        var bob = await market.NewOrganizationAsync("tenant");
        var bids = (await PlaceAsync(alice, 2)).Concat(await PlaceAsync(bob, 2)).ToList();
        var admin = market.Admin();

        foreach (var bid in bids)
        {
            var seen = await admin.GetAsync<BidDto>($"/v1/bids/{bid.Id}");
            Assert.Equal((bid.Id, bid.TenantId, bid.Status), (seen.Id, seen.TenantId, seen.Status));
        }
        var all = await ReadAllAsync(admin, "/v1/bids?limit=200");
        Assert.Superset(bids.Select(b => b.Id).ToHashSet(), all.Select(b => b.Id).ToHashSet());
        Assert.Contains(all, b => b.TenantId == alice.OrganizationId);
        Assert.Contains(all, b => b.TenantId == bob.OrganizationId);
    }

    [Fact]
    public async Task Should_refuse_providers_every_bid_endpoint_with_403()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        var bid = (await PlaceAsync(tenant, 1))[0];

        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await provider.Http.GetAsync("/v1/bids"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await provider.Http.GetAsync($"/v1/bids/{bid.Id}"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Forbidden);
        Assert.Equal("open", await _bidding.StatusAsync(bid.Id));
    }

    [Fact]
    public async Task Should_let_only_the_owning_tenant_place_and_cancel_bids()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bid = (await PlaceAsync(tenant, 1))[0];
        var admin = market.Admin();

        // Admins watch the market; placing and cancelling is the tenant's business (API.md: "owning tenant").
        await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await market.Client(null).Http.GetAsync($"/v1/bids/{bid.Id}"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertProblemAsync(await market.Client("mk_not_a_key").SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Unauthorized);
        Assert.Equal("open", await _bidding.StatusAsync(bid.Id));
    }

    [Fact]
    public async Task Should_enforce_ownership_in_the_bidding_service_itself()
    {
        var alice = await market.NewOrganizationAsync("tenant");
        var bid = (await PlaceAsync(alice, 1))[0];
        var bob = new Caller(Guid.NewGuid(), Roles.Tenant);
        var provider = new Caller(Guid.NewGuid(), Roles.Provider);
        var admin = new Caller(Guid.NewGuid(), Roles.Admin);

        Assert.Equal(404, (await _bidding.AskAsync<GetBid, BidView>(new GetBid(bob, bid.Id))).Problem?.Status);
        Assert.Equal(404, (await _bidding.AskAsync<GetBid, BidView>(new GetBid(provider, bid.Id))).Problem?.Status);
        Assert.Equal(bid.Id, (await _bidding.AskAsync<GetBid, BidView>(new GetBid(admin, bid.Id))).Ok?.Id);
        Assert.Equal(404, (await _bidding.AskAsync<CancelBid, BidView>(new CancelBid(bob, bid.Id))).Problem?.Status);
        Assert.Equal(404, (await _bidding.AskAsync<CancelBid, BidView>(new CancelBid(admin, bid.Id))).Problem?.Status);
        Assert.Equal(403, (await _bidding.AskAsync<ListBids, BidPage>(new ListBids(provider, null, 50, null))).Problem?.Status);
        Assert.Empty((await _bidding.AskAsync<ListBids, BidPage>(new ListBids(bob, null, 50, null))).Ok!.Items);
        var place = new PlaceBid(provider, Guid.NewGuid(), "H100-SXM-80GB", 8, 24, Samples.NextHour, Samples.NextHour.AddDays(1), [], null, 2.5m, null);
        Assert.Equal(403, (await _bidding.AskAsync<PlaceBid, BidView>(place)).Problem?.Status);
        // A bid id taken by another tenant is not handed over to whoever asks with it.
        Assert.Equal(409, (await _bidding.AskAsync<PlaceBid, BidView>(place with { Caller = bob, BidId = bid.Id })).Problem?.Status);
        Assert.Equal("open", await _bidding.StatusAsync(bid.Id));
    }

    [Fact]
    public async Task Should_page_newest_first_without_gaps_or_repeats()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var placed = await PlaceAsync(tenant, 5);

        var pages = new List<Page<BidDto>>();
        string? cursor = null;
        do
        {
            var page = await tenant.GetAsync<Page<BidDto>>($"/v1/bids?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            pages.Add(page);
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(placed.Select(b => b.Id).Reverse(), pages.SelectMany(p => p.Items).Select(b => b.Id));
        var exact = await tenant.GetAsync<Page<BidDto>>("/v1/bids?limit=5");
        Assert.Equal(5, exact.Items.Count);
        Assert.Null(exact.NextCursor);
    }

    [Fact]
    public async Task Should_filter_by_status()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var placed = await PlaceAsync(tenant, 3);
        var cancelled = await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{placed[1].Id}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        var open = await tenant.GetAsync<Page<BidDto>>("/v1/bids?status=open");
        Assert.Equal([placed[2].Id, placed[0].Id], open.Items.Select(b => b.Id));
        var gone = await tenant.GetAsync<Page<BidDto>>("/v1/bids?status=cancelled");
        Assert.Equal([placed[1].Id], gone.Items.Select(b => b.Id));
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids?status=won")).Items);
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids?status=expired")).Items);
        Assert.All((await market.Admin().GetAsync<Page<BidDto>>("/v1/bids?status=cancelled&limit=200")).Items, b => Assert.Equal("cancelled", b.Status));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=99999999999", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=%E2%9C%93", "cursor")]
    [InlineData("status=OPEN", "status")]
    [InlineData("status=allocating", "status")]
    public async Task Should_refuse_a_bad_list_query_with_400(string query, string field)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var problem = await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync($"/v1/bids?{query}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
    }

    private static async Task<List<BidDto>> PlaceAsync(ApiClient tenant, int count)
    {
        var bids = new List<BidDto>();
        for (var i = 0; i < count; i++) bids.Add(await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuCount: 8 + i)));
        return bids;
    }

    private static async Task<List<BidDto>> ReadAllAsync(ApiClient client, string path)
    {
        var all = new List<BidDto>();
        string? cursor = null;
        do
        {
            var page = await client.GetAsync<Page<BidDto>>(cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}");
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }
}
