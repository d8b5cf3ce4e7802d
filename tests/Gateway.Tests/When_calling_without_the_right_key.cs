using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

public sealed class When_calling_without_the_right_key(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_answer_401_without_a_key()
    {
        var problem = await ApiClient.AssertProblemAsync(await market.Client(null).Http.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
        Assert.Contains("No API key", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_answer_401_for_an_unknown_key()
    {
        await ApiClient.AssertProblemAsync(await market.Client("mk_not_a_real_key").Http.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_answer_401_for_a_malformed_authorization_header()
    {
        var client = market.Client(null);
        client.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic abc");
        await ApiClient.AssertProblemAsync(await client.Http.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("tenant", "POST", "/v1/clusters")]
    [InlineData("provider", "POST", "/v1/bids")]
    [InlineData("provider", "GET", "/v1/bids")]
    [InlineData("tenant", "GET", "/v1/organizations")]
    [InlineData("provider", "POST", "/v1/organizations")]
    public async Task Should_answer_403_when_the_role_may_not(string role, string method, string path)
    {
        var client = await market.NewOrganizationAsync(role);
        var body = method == "POST" ? new { } : null;
        var response = await client.SendAsync(new HttpMethod(method), path, body);
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains(role, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_let_a_new_key_of_an_organization_work()
    {
        var tenant = await market.NewOrganizationAsync("tenant", "Acme AI");
        var key = await market.Admin().PostAsync<ApiKeyAnswer>($"/v1/organizations/{tenant.OrganizationId}/api-keys");
        var me = await market.Client(key.ApiKey).GetAsync<MeAnswer>("/v1/me");
        Assert.Equal(tenant.OrganizationId, me.Id);
        Assert.Equal("tenant", me.Role);
        Assert.Equal("Acme AI", me.Name);
    }

    [Fact]
    public async Task Should_answer_404_for_keys_of_an_unknown_organization()
    {
        var response = await market.Admin().SendAsync(HttpMethod.Post, $"/v1/organizations/{Guid.NewGuid()}/api-keys", new { });
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private sealed record ApiKeyAnswer(string ApiKey);
    private sealed record MeAnswer(Guid Id, string Name, string Role);
}
