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
