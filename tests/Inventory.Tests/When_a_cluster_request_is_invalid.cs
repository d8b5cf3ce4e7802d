using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>API.md "Clusters" rules: every invalid field is a 400 problem naming that field, never a 500.</summary>
[Collection(InventoryMarket.Name)]
public sealed class When_a_cluster_request_is_invalid(MarketplaceFixture market)
{
    private const string Missing = "<missing>";
    private static readonly string TooLong201 = new('n', 201);
    private static readonly string Region65 = new('a', 65);

    /// <summary>A valid listing with fixed times, so each case changes exactly one thing.</summary>
    private static JsonObject ValidListing() => JsonSerializer.SerializeToNode(
        Samples.Cluster(from: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), until: new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero)),
        ApiClient.Json)!.AsObject();

    [Theory]
    // name: 1-200 characters
    [InlineData("name", Missing, "name")]
    [InlineData("name", "null", "name")]
    [InlineData("name", "\"\"", "name")]
    [InlineData("name", "TOO_LONG_NAME", "name")]
    [InlineData("name", "42", "name")]
    // region: 1-64 of a-z 0-9 -
    [InlineData("region", Missing, "region")]
    [InlineData("region", "\"\"", "region")]
    [InlineData("region", "\"US-East-1\"", "region")]
    [InlineData("region", "\"us_east_1\"", "region")]
    [InlineData("region", "\"us east\"", "region")]
    [InlineData("region", "LONG_REGION", "region")]
    [InlineData("region", "[\"us-east-1\"]", "region")]
    // gpuModel: from the catalog
    [InlineData("gpuModel", Missing, "gpuModel")]
    [InlineData("gpuModel", "\"H100\"", "gpuModel")]
    [InlineData("gpuModel", "\"h100-sxm-80gb\"", "gpuModel")]
    [InlineData("gpuModel", "\"\"", "gpuModel")]
    // gpusPerNode: 1-16
    [InlineData("gpusPerNode", Missing, "gpusPerNode")]
    [InlineData("gpusPerNode", "0", "gpusPerNode")]
    [InlineData("gpusPerNode", "17", "gpusPerNode")]
    [InlineData("gpusPerNode", "-1", "gpusPerNode")]
    [InlineData("gpusPerNode", "8.5", "gpusPerNode")]
    [InlineData("gpusPerNode", "\"eight\"", "gpusPerNode")]
    // nodeCount: 1-10000
    [InlineData("nodeCount", Missing, "nodeCount")]
    [InlineData("nodeCount", "null", "nodeCount")]
    [InlineData("nodeCount", "0", "nodeCount")]
    [InlineData("nodeCount", "10001", "nodeCount")]
    [InlineData("nodeCount", "99999999999", "nodeCount")]
    [InlineData("nodeCount", "\"four\"", "nodeCount")]
    [InlineData("nodeCount", "true", "nodeCount")]
    // interconnect: { kind: infiniband | roce | ethernet, gbpsPerNode: 1-100000 }
    [InlineData("interconnect", Missing, "interconnect")]
    [InlineData("interconnect", "null", "interconnect")]
    [InlineData("interconnect", "\"infiniband\"", "interconnect")]
    [InlineData("interconnect", "[]", "interconnect")]
    [InlineData("interconnect.kind", Missing, "interconnect.kind")]
    [InlineData("interconnect.kind", "\"nvlink\"", "interconnect.kind")]
    [InlineData("interconnect.kind", "\"InfiniBand\"", "interconnect.kind")]
    [InlineData("interconnect.kind", "\"\"", "interconnect.kind")]
    [InlineData("interconnect.gbpsPerNode", Missing, "interconnect.gbpsPerNode")]
    [InlineData("interconnect.gbpsPerNode", "0", "interconnect.gbpsPerNode")]
    [InlineData("interconnect.gbpsPerNode", "100001", "interconnect.gbpsPerNode")]
    [InlineData("interconnect.gbpsPerNode", "\"fast\"", "interconnect.gbpsPerNode")]
    // askPricePerGpuHour: > 0 and <= 1000, at most 4 decimals
    [InlineData("askPricePerGpuHour", Missing, "askPricePerGpuHour")]
    [InlineData("askPricePerGpuHour", "0", "askPricePerGpuHour")]
    [InlineData("askPricePerGpuHour", "-1", "askPricePerGpuHour")]
    [InlineData("askPricePerGpuHour", "1000.0001", "askPricePerGpuHour")]
    [InlineData("askPricePerGpuHour", "2.12345", "askPricePerGpuHour")]
    [InlineData("askPricePerGpuHour", "1e400", "askPricePerGpuHour")]
    [InlineData("askPricePerGpuHour", "\"cheap\"", "askPricePerGpuHour")]
    // availableFrom / availableUntil: whole UTC hours, from < until
    [InlineData("availableFrom", Missing, "availableFrom")]
    [InlineData("availableFrom", "\"2030-01-01T00:30:00Z\"", "availableFrom")]
    [InlineData("availableFrom", "\"2030-01-01T00:00:30Z\"", "availableFrom")]
    [InlineData("availableFrom", "\"2030-01-01T00:00:00.5Z\"", "availableFrom")]
    [InlineData("availableFrom", "\"2030-01-01T00:00:00+00:30\"", "availableFrom")]
    [InlineData("availableFrom", "\"tomorrow\"", "availableFrom")]
    [InlineData("availableFrom", "\"2030-13-01T00:00:00Z\"", "availableFrom")]
    [InlineData("availableFrom", "20300101", "availableFrom")]
    [InlineData("availableUntil", Missing, "availableUntil")]
    [InlineData("availableUntil", "\"2030-02-01T12:15:00Z\"", "availableUntil")]
    [InlineData("availableUntil", "\"2030-01-01T00:00:00Z\"", "availableUntil")]
    [InlineData("availableUntil", "\"2029-12-31T23:00:00Z\"", "availableUntil")]
    [InlineData("availableUntil", "\"2030-01-01T01:00:00+01:00\"", "availableUntil")]
    public async Task Should_answer_400_naming_the_field_when_listing(string path, string json, string field)
    {
        var body = ValidListing();
        Set(body, path, json);
        var provider = await market.NewOrganizationAsync("provider");

        var response = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", body.ToJsonString());

        await AssertFieldErrorAsync(response, field);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": \"a\",, }")]
    public async Task Should_answer_400_with_a_field_error_for_a_body_that_is_not_json(string raw)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var problem = await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", raw), HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem["errors"]!.AsObject());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"cluster\"")]
    public async Task Should_answer_400_for_a_body_that_is_not_an_object(string raw)
    {
        var provider = await market.NewOrganizationAsync("provider");
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", raw), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("name", "NAME_200")]
    [InlineData("name", "\"x\"")]
    [InlineData("region", "REGION_64")]
    [InlineData("region", "\"0\"")]
    [InlineData("gpusPerNode", "1")]
    [InlineData("gpusPerNode", "16")]
    [InlineData("nodeCount", "1")]
    [InlineData("nodeCount", "4096")] // the default node quota; API.md's 10000 is below
    [InlineData("interconnect.kind", "\"ethernet\"")]
    [InlineData("interconnect.kind", "\"roce\"")]
    [InlineData("interconnect.gbpsPerNode", "1")]
    [InlineData("interconnect.gbpsPerNode", "100000")]
    [InlineData("askPricePerGpuHour", "0.0001")]
    [InlineData("askPricePerGpuHour", "1000")]
    [InlineData("askPricePerGpuHour", "\"2.5\"")]
    [InlineData("availableFrom", "\"0001-01-01T00:00:00Z\"")]
    [InlineData("availableUntil", "\"9999-12-31T23:00:00Z\"")]
    public async Task Should_accept_every_boundary_value(string path, string json)
    {
        await AssertAcceptedAsync(path, json);
    }

    /// <summary>API.md allows 10000 nodes, so that passes validation; the per-cluster node quota (default 4096) answers 422.</summary>
    [Fact]
    public async Task Should_pass_validation_at_10000_nodes_and_meet_the_node_quota_with_422()
    {
        var body = ValidListing();
        Set(body, "nodeCount", "10000");
        var provider = await market.NewOrganizationAsync("provider");

        var problem = await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", body.ToJsonString()), (HttpStatusCode)422);

        Assert.Equal("Quota exceeded", problem["title"]?.GetValue<string>());
    }

    private async Task AssertAcceptedAsync(string path, string json)
    {
        var body = ValidListing();
        Set(body, path, json.Replace("NAME_200", JsonSerializer.Serialize(new string('n', 200))).Replace("REGION_64", JsonSerializer.Serialize(new string('r', 64))));
        var provider = await market.NewOrganizationAsync("provider");

        var response = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", body.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ApiClient.ReadSuccessAsync<JsonObject>(response);
        var expected = JsonNode.Parse(body.ToJsonString())!;
        var actual = path.Split('.').Aggregate((JsonNode)created, (node, part) => node[part]!);
        var sent = path.Split('.').Aggregate(expected, (node, part) => node[part]!);
        Assert.Equal(Normalize(sent), Normalize(actual));
    }

    /// <summary>The same value however it was spelled: "2.5" and 2.5, 1000 and 1000.0000.</summary>
    private static string Normalize(JsonNode node) =>
        decimal.TryParse(node.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)
            : node.ToString();

    [Fact]
    public async Task Should_accept_times_with_an_offset_that_are_whole_utc_hours_and_answer_them_in_utc()
    {
        var body = ValidListing();
        body["availableFrom"] = "2030-01-01T10:00:00+01:00";
        var provider = await market.NewOrganizationAsync("provider");

        var cluster = await ApiClient.ReadSuccessAsync<ClusterDto>(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", body.ToJsonString()));

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero), cluster.AvailableFrom);
        Assert.Equal(TimeSpan.Zero, cluster.AvailableFrom.Offset);
    }

    [Theory]
    [InlineData("{}", "$")]
    [InlineData("{\"name\": null}", "$")]
    [InlineData("{\"name\": \"\"}", "name")]
    [InlineData("{\"name\": \"TOO_LONG_NAME\"}", "name")]
    [InlineData("{\"name\": 5}", "name")]
    [InlineData("{\"askPricePerGpuHour\": 0}", "askPricePerGpuHour")]
    [InlineData("{\"askPricePerGpuHour\": 1000.5}", "askPricePerGpuHour")]
    [InlineData("{\"askPricePerGpuHour\": 2.12345}", "askPricePerGpuHour")]
    [InlineData("{\"askPricePerGpuHour\": \"cheap\"}", "askPricePerGpuHour")]
    [InlineData("{\"availableUntil\": \"2030-02-01T00:30:00Z\"}", "availableUntil")]
    [InlineData("{\"availableUntil\": \"2030-01-01T00:00:00Z\"}", "availableUntil")]
    [InlineData("{\"availableUntil\": \"2029-06-01T00:00:00Z\"}", "availableUntil")]
    [InlineData("{\"availableUntil\": \"soon\"}", "availableUntil")]
    [InlineData("{\"name\": \"ok\", \"availableUntil\": \"2030-02-01T00:00:01Z\"}", "availableUntil")]
    public async Task Should_answer_400_naming_the_field_when_changing(string raw, string field)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await ApiClient.ReadSuccessAsync<ClusterDto>(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", ValidListing().ToJsonString()));

        var response = await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", raw.Replace("TOO_LONG_NAME", TooLong201));

        await AssertFieldErrorAsync(response, field);
        var unchanged = await provider.GetAsync<ClusterDto>($"/v1/clusters/{cluster.Id}");
        Assert.Equal(cluster, unchanged);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=99999999999", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=%00%01", "cursor")]
    [InlineData("status=open", "status")]
    [InlineData("status=ACTIVE", "status")]
    [InlineData("gpuModel=H100", "gpuModel")]
    [InlineData("region=US%20East", "region")]
    [InlineData("region=us%00east", "region")]
    public async Task Should_answer_400_naming_the_parameter_when_listing_with_a_bad_query(string query, string field)
    {
        var provider = await market.NewOrganizationAsync("provider");
        await AssertFieldErrorAsync(await provider.Http.GetAsync($"/v1/clusters?{query}"), field);
    }

    [Theory]
    [InlineData("from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "to")]
    [InlineData("from=2030-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", "to")]
    [InlineData("from=2030-01-01T00:00:00Z&to=2031-06-01T00:00:00Z", "to")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2030-02-30T00:00:00Z", "to")]
    public async Task Should_answer_400_naming_the_parameter_when_reading_the_calendar_with_a_bad_query(string query, string field)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await ApiClient.ReadSuccessAsync<ClusterDto>(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", ValidListing().ToJsonString()));

        await AssertFieldErrorAsync(await provider.Http.GetAsync($"/v1/clusters/{cluster.Id}/calendar?{query}"), field);
    }

    [Fact]
    public async Task Should_answer_an_empty_calendar_for_a_window_at_the_end_of_time_rather_than_fail()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await ApiClient.ReadSuccessAsync<ClusterDto>(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", ValidListing().ToJsonString()));

        var calendar = await provider.GetAsync<JsonObject>($"/v1/clusters/{cluster.Id}/calendar?from=9999-12-31T00:00:00Z");

        Assert.All(calendar["nodes"]!.AsArray(), n => Assert.Empty(n!["holds"]!.AsArray()));
    }

    [Fact]
    public async Task Should_answer_400_for_names_postgres_cannot_store_rather_than_fail()
    {
        var body = ValidListing();
        body["name"] = "gpu\u0000farm";
        var provider = await market.NewOrganizationAsync("provider");

        await AssertFieldErrorAsync(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", body.ToJsonString()), "name");
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null, $"no errors in {problem.ToJsonString()}");
        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got {errors.ToJsonString()}");
        Assert.All(errors, e => Assert.NotEmpty(e.Value!.AsArray()));
    }

    /// <summary>Sets (or, for <see cref="Missing"/>, removes) the member at a dotted path to raw JSON.</summary>
    private static void Set(JsonObject body, string path, string json)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1]) parent = parent[part]!.AsObject();
        if (json == Missing) parent.Remove(parts[^1]);
        else parent[parts[^1]] = JsonNode.Parse(json.Replace("TOO_LONG_NAME", JsonSerializer.Serialize(TooLong201))
            .Replace("LONG_REGION", JsonSerializer.Serialize(Region65)));
    }
}
