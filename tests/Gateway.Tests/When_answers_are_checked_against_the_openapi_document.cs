using System.Net;
using Gateway.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>
/// Contract tests (issue 15): the real answers of the main flows, through the whole marketplace, match the schemas the
/// served OpenAPI document gives for them: a generated client that trusts the document reads them without surprise.
/// </summary>
public sealed class When_answers_are_checked_against_the_openapi_document(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_match_the_documented_schemas_from_organization_to_booking()
    {
        var admin = market.Admin();
        var contract = await OpenApiContract.LoadAsync(admin.Http);

        var created = await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name = "contract-provider", role = "provider" }, "contract-org-1");
        await AssertAnswer(contract, "/v1/organizations", "post", created, HttpStatusCode.Created);
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await AssertAnswer(contract, "/v1/me", "get", await tenant.SendAsync(HttpMethod.Get, "/v1/me"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/gpu-models", "get", await tenant.SendAsync(HttpMethod.Get, "/v1/gpu-models"), HttpStatusCode.OK);

        var listed = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster(gpuModel: "L40S-48GB", ask: 0.90m, gpusPerNode: 4));
        var cluster = await AssertAnswer<ClusterDto>(contract, "/v1/clusters", "post", listed, HttpStatusCode.Created);
        await AssertAnswer(contract, "/v1/clusters", "get", await provider.SendAsync(HttpMethod.Get, "/v1/clusters"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/clusters/{id}/calendar", "get",
            await provider.SendAsync(HttpMethod.Get, $"/v1/clusters/{cluster.Id}/calendar"), HttpStatusCode.OK);

        var body = Samples.Bid(gpuModel: "L40S-48GB", gpuCount: 8, maxPrice: 1.50m);
        await AssertAnswer(contract, "/v1/quotes", "post", await tenant.SendAsync(HttpMethod.Post, "/v1/quotes", body), HttpStatusCode.OK);
        var bid = await AssertAnswer<BidDto>(contract, "/v1/bids", "post", await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, "contract-bid-1"),
            HttpStatusCode.Created);
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won", what: "the bid won");
        await AssertAnswer(contract, "/v1/bids/{id}", "get", await tenant.SendAsync(HttpMethod.Get, $"/v1/bids/{bid.Id}"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/bids", "get", await tenant.SendAsync(HttpMethod.Get, "/v1/bids"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/bookings/{id}", "get", await tenant.SendAsync(HttpMethod.Get, $"/v1/bookings/{won.BookingId}"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/bookings", "get", await provider.SendAsync(HttpMethod.Get, "/v1/bookings"), HttpStatusCode.OK);
        await Eventually.Until(() => tenant.GetAsync<Page<System.Text.Json.Nodes.JsonObject>>("/v1/ledger"), p => p.Items.Count > 0, what: "the charge");
        await AssertAnswer(contract, "/v1/ledger", "get", await tenant.SendAsync(HttpMethod.Get, "/v1/ledger"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/market/prices", "get", await tenant.SendAsync(HttpMethod.Get, "/v1/market/prices?gpuModel=L40S-48GB"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/market/depth", "get", await tenant.SendAsync(HttpMethod.Get, "/v1/market/depth?gpuModel=L40S-48GB"), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/plans", "post",
            await tenant.SendAsync(HttpMethod.Post, "/v1/plans", new { modelParameters = 1e9, trainingTokens = 2e10, gpuModel = "L40S-48GB" }), HttpStatusCode.OK);
        await AssertAnswer(contract, "/v1/reconciliations", "post",
            await admin.SendAsync(HttpMethod.Post, "/v1/reconciliations", new { from = Samples.Iso(DateTimeOffset.UtcNow.AddDays(-1)), to = Samples.Iso(DateTimeOffset.UtcNow.AddDays(40)) }),
            HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Should_match_the_documented_problem_schemas()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var contract = await OpenApiContract.LoadAsync(tenant.Http);
        await AssertAnswer(contract, "/v1/bids", "post", await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 0)), HttpStatusCode.BadRequest);
        await AssertAnswer(contract, "/v1/bids/{id}", "get", await tenant.SendAsync(HttpMethod.Get, $"/v1/bids/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertAnswer(contract, "/v1/clusters", "post", await tenant.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster()), HttpStatusCode.Forbidden);
        await AssertAnswer(contract, "/v1/me", "get", await market.Client("mk_not_a_key").SendAsync(HttpMethod.Get, "/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_match_the_documented_schemas_of_the_idempotency_keys_refusals()
    {
        var admin = market.Admin();
        var tenant = await market.NewOrganizationAsync("tenant");
        var contract = await OpenApiContract.LoadAsync(admin.Http);

        // The filter's own 400, on an endpoint whose handler has no body to refuse.
        var tooLong = new string('k', 129);
        await AssertAnswer(contract, "/v1/organizations/{id}/api-keys", "post",
            await admin.SendAsync(HttpMethod.Post, $"/v1/organizations/{tenant.OrganizationId}/api-keys", idempotencyKey: tooLong), HttpStatusCode.BadRequest);

        var key = $"contract-reuse-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key)).StatusCode);
        await AssertAnswer(contract, "/v1/bids", "post", await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 16), key),
            HttpStatusCode.UnprocessableEntity);
    }

    private static async Task AssertAnswer(OpenApiContract contract, string path, string method, HttpResponseMessage response, HttpStatusCode status) =>
        await AssertAnswer<object>(contract, path, method, response, status);

    private static async Task<T> AssertAnswer<T>(OpenApiContract contract, string path, string method, HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        contract.AssertMatches(path, method, (int)status, body);
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, ApiClient.Json)!;
    }
}
