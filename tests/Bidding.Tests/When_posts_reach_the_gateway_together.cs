using System.Net;
using Marketplace.Gateway.Bids;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// Issue 11: POST /v1/bids that arrive at the gateway while a placement is on its way go to bidding together, one
/// request and one answer (PlaceBidBatcher, docs/decisions/0012). Each client still gets its own answer: its bid,
/// or its problem when its tenant is at the quota.
/// </summary>
public sealed class When_posts_reach_the_gateway_together(ThreeOpenBidsMarketFixture market) : IClassFixture<ThreeOpenBidsMarketFixture>
{
    private const int PostsPerTenant = 5;

    [Fact]
    public async Task Should_send_them_together_and_answer_each_client_its_own_bid_or_problem()
    {
        var tenants = new List<ApiClient>();
        for (var i = 0; i < 3; i++) tenants.Add(await market.NewOrganizationAsync("tenant"));
        var batcher = market.GatewayHost.Services.GetRequiredService<PlaceBidBatcher>();
        var requestsBefore = batcher.Requests;

        var posts = tenants.SelectMany(t => Enumerable.Range(0, PostsPerTenant).Select(_ => PostAsync(t))).ToList();
        var answers = await Task.WhenAll(posts);

        Assert.True(batcher.Requests - requestsBefore < posts.Count, $"{batcher.Requests - requestsBefore} requests for {posts.Count} posts");
        foreach (var tenant in tenants)
        {
            var own = answers.Where(a => a.Tenant == tenant).ToList();
            // Three fit the quota; the other two are refused, each with its own problem.
            var created = own.Where(a => a.Status == HttpStatusCode.Created).ToList();
            Assert.Equal(ThreeOpenBidsMarketFixture.Quota, created.Count);
            Assert.Equal(PostsPerTenant - ThreeOpenBidsMarketFixture.Quota, own.Count(a => a.Status == (HttpStatusCode)422));
            foreach (var answer in created)
            {
                Assert.Equal(tenant.OrganizationId, answer.Bid!.TenantId);
                Assert.Equal($"/v1/bids/{answer.Bid.Id}", answer.Location);
                Assert.Equal("open", (await tenant.GetAsync<BidDto>($"/v1/bids/{answer.Bid.Id}")).Status);
            }
            Assert.Equal(created.Select(a => a.Bid!.Id).Order(), (await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items.Select(b => b.Id).Order());
        }
    }

    private static async Task<Answer> PostAsync(ApiClient tenant)
    {
        var response = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid());
        if (response.StatusCode != HttpStatusCode.Created)
        {
            var problem = await ApiClient.AssertProblemAsync(response, response.StatusCode);
            Assert.Equal("Quota exceeded", problem["title"]?.GetValue<string>());
            return new Answer(tenant, response.StatusCode, null, null);
        }
        return new Answer(tenant, response.StatusCode, await ApiClient.ReadSuccessAsync<BidDto>(response), response.Headers.Location?.OriginalString);
    }

    private sealed record Answer(ApiClient Tenant, HttpStatusCode Status, BidDto? Bid, string? Location);
}
