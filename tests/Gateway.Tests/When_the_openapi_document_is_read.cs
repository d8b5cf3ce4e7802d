using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>
/// Issue 15: an OpenAPI document a generator can trust. Every operation declares its success and the problems it can
/// answer, each with a schema; authenticated operations carry the bearer requirement; creating POSTs the
/// Idempotency-Key header. The served document is committed as docs/openapi.json, and drift fails the build.
/// </summary>
public sealed class When_the_openapi_document_is_read(OneGateway gateway) : IClassFixture<OneGateway>
{
    /// <summary>Rewrites docs/openapi.json through this class's drift test (UPDATE_OPENAPI=1), then the typed client.</summary>
    private const string Regenerate = "deploy/local/openapi.sh";
    private static readonly string Committed = Path.Combine(TestEnvironment.RepositoryRoot, "docs", "openapi.json");

    [Fact]
    public async Task Should_give_every_operation_a_success_and_the_problems_it_can_answer_each_with_a_schema()
    {
        var contract = await OpenApiContract.LoadAsync(gateway.Admin().Http);
        var operations = contract.Operations().ToList();
        Assert.True(operations.Count >= 34, $"only {operations.Count} operations");
        var missing = new List<string>();
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            var responses = operation["responses"]?.AsObject() ?? [];
            var statuses = responses.Select(r => int.Parse(r.Key)).ToList();
            if (!statuses.Any(s => s is >= 200 and < 300)) missing.Add($"{name}: no success status");
            foreach (var required in new[] { 401, 429, 503 })
                if (!statuses.Contains(required)) missing.Add($"{name}: no {required}");
            foreach (var (status, response) in responses)
            {
                if (status == "204") continue;
                var content = response?["content"]?.AsObject();
                if (content is null || content.Count == 0 || content.Any(c => c.Value?["schema"] is null))
                    missing.Add($"{name} {status}: no schema");
                else if (int.Parse(status) >= 400 && !content.ContainsKey("application/problem+json"))
                    missing.Add($"{name} {status}: not application/problem+json");
            }
            if (operation["security"] is not JsonArray { Count: > 0 }) missing.Add($"{name}: no security requirement");
            // The Idempotency-Key filter itself answers 400 (malformed key), 409 (same key in progress), 422 (other body).
            var takesKey = operation["parameters"]?.AsArray().Any(p => p?["name"]?.GetValue<string>() == "Idempotency-Key") == true;
            foreach (var required in takesKey ? new[] { 400, 409, 422 } : [])
                if (!statuses.Contains(required)) missing.Add($"{name}: takes an Idempotency-Key but documents no {required}");
        }
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public async Task Should_name_every_operation_once_and_file_it_under_a_resource_tag()
    {
        // Generators name methods and modules after these (Python: marketplace_client.api.bids.place_bid); without
        // them they fall back to the path ("post_v1_bids") and to the assembly's name as a tag.
        var contract = await OpenApiContract.LoadAsync(gateway.Admin().Http);
        var operations = contract.Operations().ToList();
        var ids = operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).ToList();
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.Operation["operationId"]?.GetValue<string>()), $"{o.Method} {o.Path} has no operationId"));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[A-Z][A-Za-z]+$", id!));
        var tags = operations.Select(o => o.Operation["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToList() ?? []).ToList();
        Assert.All(tags, t => Assert.Single(t));
        Assert.DoesNotContain(tags, t => t[0].Contains('.') || t[0].EndsWith("Endpoints", StringComparison.Ordinal));
        Assert.Equal("PlaceBid", operations.Single(o => o.Path == "/v1/bids" && o.Method == "post").Operation["operationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_require_only_the_request_fields_the_api_requires()
    {
        var contract = await OpenApiContract.LoadAsync(gateway.Admin().Http);
        var schemas = contract.Document["components"]!["schemas"]!;
        string[] Required(string schema) => schemas[schema]!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];

        // API.md: a bid's expiresAt is optional (default latestStart) and its interconnect may be left out.
        Assert.Equal(["gpuModel", "gpuCount", "durationHours", "earliestStart", "latestStart", "regions", "maxPricePerGpuHour"], Required("PlaceBidRequest"));
        Assert.Equal(["modelParameters", "trainingTokens"], Required("PlanRequest"));
        Assert.Empty(Required("UpdateClusterRequest"));
        Assert.Equal(["periodStart", "periodEnd", "deliveredGpuHours"], Required("UsageReportRequest"));
        Assert.Equal(["action"], Required("ResolveDiscrepancyRequest"));
        Assert.Equal(["from", "reason"], Required("ReportOutageRequest"));
    }

    [Fact]
    public async Task Should_describe_the_bearer_scheme_the_idempotency_key_and_the_closed_sets()
    {
        var contract = await OpenApiContract.LoadAsync(gateway.Admin().Http);
        var doc = contract.Document;
        Assert.Equal("http", doc["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", doc["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());

        var placeBid = doc["paths"]!["/v1/bids"]!["post"]!;
        Assert.Contains(placeBid["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
        Assert.NotNull(placeBid["responses"]!["201"]!["headers"]!["Location"]);
        Assert.NotNull(placeBid["responses"]!["422"]);
        Assert.NotNull(doc["paths"]!["/v1/reconciliations"]!["post"]!["responses"]!["202"]);
        Assert.NotNull(doc["paths"]!["/v1/organizations/{id}/api-keys/{keyId}"]!["delete"]!["responses"]!["204"]);
        Assert.Null(doc["paths"]!["/v1/bids/{id}"]!["get"]!["parameters"]!.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == "Idempotency-Key"));
        Assert.NotNull(doc["paths"]!["/v1/bids"]!["get"]!["parameters"]!.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == "cursor"));

        var listBids = doc["paths"]!["/v1/bids"]!["get"]!["parameters"]!.AsArray();
        var limit = listBids.Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;
        Assert.Equal("integer", limit["type"]!.GetValue<string>());
        Assert.Equal(200, limit["maximum"]!.GetValue<int>());
        Assert.Equal(50, limit["default"]!.GetValue<int>());
        var statusFilter = listBids.Single(p => p!["name"]!.GetValue<string>() == "status")!["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.Equal(["open", "won", "cancelled", "expired"], statusFilter);
        Assert.True(doc["paths"]!["/v1/market/prices"]!["get"]!["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "gpuModel")!["required"]!.GetValue<bool>());

        var bidStatus = doc["components"]!["schemas"]!["BidView"]!["properties"]!["status"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.Equal(["open", "won", "cancelled", "expired"], bidStatus);
        Assert.NotNull(doc["components"]!["schemas"]!["PlaceBidRequest"]!["examples"]);
    }

    [Fact]
    public async Task Should_list_paths_and_schemas_in_a_stable_order()
    {
        // Regenerating docs/openapi.json must give the same bytes whatever order endpoints are mapped in.
        var doc = (await OpenApiContract.LoadAsync(gateway.Admin().Http)).Document;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        var schemas = doc["components"]!["schemas"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(schemas.Order(StringComparer.Ordinal), schemas);
        string[] methodOrder = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            var methods = item!.AsObject().Select(m => m.Key).Where(methodOrder.Contains).ToList();
            Assert.True(methods.OrderBy(m => Array.IndexOf(methodOrder, m)).SequenceEqual(methods), $"{path}: {string.Join(", ", methods)}");
        }
    }

    [Fact]
    public async Task Should_match_the_committed_docs_openapi_json()
    {
        var served = Normalize(await gateway.Admin().Http.GetStringAsync("/openapi/v1.json"));
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(Committed, served);
        var committed = File.Exists(Committed) ? await File.ReadAllTextAsync(Committed) : "";
        Assert.True(served == committed,
            $"The served OpenAPI document differs from docs/openapi.json. If the API change is intended, regenerate it (and the typed client) with:\n  {Regenerate}\n"
            + "or the document alone with: UPDATE_OPENAPI=1 dotnet test tests/Gateway.Tests -c Release --filter FullyQualifiedName~When_the_openapi_document_is_read");
    }

    /// <summary>Indented, with a final newline: the committed file reads well in a diff.</summary>
    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
