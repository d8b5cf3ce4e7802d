using System.Net;
using System.Text;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

public sealed class When_a_request_is_malformed(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_answer_400_problem_for_malformed_json_and_create_nothing()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var response = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", """{"name": "x", "nodeCount": 4,""");
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["detail"]);
        Assert.Empty((await provider.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items);
    }

    [Fact]
    public async Task Should_name_the_field_whose_json_type_is_wrong()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var response = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", """{"name": "x", "nodeCount": {"a": 1}}""");
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["nodeCount"]);
    }

    [Fact]
    public async Task Should_answer_400_with_field_errors_for_missing_fields()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var problem = await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", "{}"), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "gpuModel", "gpuCount", "durationHours", "earliestStart", "latestStart", "maxPricePerGpuHour" })
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task Should_answer_413_problem_for_a_body_over_64_KiB()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var huge = "{\"name\": \"" + new string('x', 70 * 1024) + "\"}";
        var response = await provider.Http.PostAsync("/v1/clusters", new StringContent(huge, Encoding.UTF8, "application/json"));
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty((await provider.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items);
    }

    [Fact]
    public async Task Should_answer_404_problem_for_an_unknown_route()
    {
        var response = await market.Admin().Http.GetAsync("/v1/no-such-thing");
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_answer_400_for_a_malformed_query_value()
    {
        var response = await market.Admin().Http.GetAsync("/v1/clusters?limit=lots");
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var outOfRange = await market.Admin().Http.GetAsync("/v1/clusters?limit=500");
        var problem = await ApiClient.AssertProblemAsync(outOfRange, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["limit"]);
        var notANumber = await ApiClient.AssertProblemAsync(await market.Admin().Http.GetAsync("/v1/organizations?limit=lots"), HttpStatusCode.BadRequest);
        Assert.NotNull(notANumber["errors"]!["limit"]);
        var badCursor = await market.Admin().Http.GetAsync("/v1/clusters?cursor=not-a-cursor");
        await ApiClient.AssertProblemAsync(badCursor, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("provider", "POST", "/v1/clusters", """{"nodeCount": "four"}""", "nodeCount", "must be a number")]
    [InlineData("provider", "POST", "/v1/clusters", """{"interconnect": {"gbpsPerNode": "fast"}}""", "interconnect.gbpsPerNode", "must be a number")]
    [InlineData("provider", "POST", "/v1/clusters", """{"interconnect": [1]}""", "interconnect", "must be an object")]
    [InlineData("provider", "POST", "/v1/clusters", """{"name": ["a"]}""", "name", "must be a string")]
    [InlineData("provider", "POST", "/v1/clusters", """{"name": "x",""", null, null)]
    [InlineData("tenant", "POST", "/v1/bids", """{"regions": "us-east-1"}""", "regions", "must be an array")]
    [InlineData("tenant", "POST", "/v1/bids", """{"regions": [1]}""", "regions[0]", "must be a string")]
    [InlineData("tenant", "POST", "/v1/bids", """{"earliestStart": 5}""", "earliestStart", "must be a time string such as 2026-12-01T09:00:00Z")]
    [InlineData("tenant", "POST", "/v1/bids", "[]", "$", "must be an object")]
    [InlineData("tenant", "POST", "/v1/bids", "", null, null)]
    [InlineData("admin", "POST", "/v1/organizations", """{"name": 5, "role": "tenant"}""", "name", "must be a string")]
    [InlineData("admin", "POST", "/v1/reconciliations", """{"from": true}""", "from", "must be a time string such as 2026-12-01T09:00:00Z")]
    [InlineData("admin", "POST", "/v1/discrepancies/00000000-0000-0000-0000-000000000001/resolve", """{"amount": "lots"}""", "amount", "must be a number")]
    [InlineData("admin", "GET", "/v1/ledger?organizationId=nobody", null, "organizationId", "must be a UUID, not 'nobody'")]
    [InlineData("admin", "GET", "/v1/clusters?limit=ten", null, "limit", "must be a whole number between 1 and 200")]
    public async Task Should_answer_in_the_apis_words_and_never_name_dotnet_types(string role, string method, string path, string? body, string? field, string? reason)
    {
        var client = role == "admin" ? market.Admin() : await market.NewOrganizationAsync(role);
        var response = await client.SendAsync(new HttpMethod(method), path, body);
        var text = await response.Content.ReadAsStringAsync();

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        foreach (var internalName in new[] { "Marketplace.", "`1", "Nullable", "System.", "Request body", "CreateClusterRequest", "PlaceBidRequest" })
            Assert.DoesNotContain(internalName, text);
        if (field is not null) Assert.Equal(reason, problem["errors"]![field]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_answer_415_in_plain_words_for_a_body_that_is_not_json()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var response = await tenant.Http.PostAsync("/v1/bids", new StringContent("gpuCount=8", Encoding.UTF8, "text/plain"));
        var text = await response.Content.ReadAsStringAsync();
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain("Marketplace.", text);
    }

    [Fact]
    public async Task Should_serve_the_openapi_document_and_the_reference_ui()
    {
        var client = market.Client(null).Http;
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/clusters", openApi);
        Assert.Contains("/v1/bids", openApi);
        Assert.True((await client.GetAsync("/docs")).IsSuccessStatusCode);
    }
}
