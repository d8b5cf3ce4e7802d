using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Xunit;

namespace Gateway.Tests.Support;

/// <summary>
/// The served OpenAPI document as a contract: the JSON Schema it gives for an operation's answer, with its
/// "#/components/schemas/…" references written in place, so JsonSchema.Net can check a real answer against it.
/// </summary>
public sealed class OpenApiContract(JsonObject document)
{
    public JsonObject Document => document;

    public static async Task<OpenApiContract> LoadAsync(HttpClient gateway) =>
        new(JsonNode.Parse(await gateway.GetStringAsync("/openapi/v1.json"))!.AsObject());

    /// <summary>Every operation: (path, method, operation object).</summary>
    public IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        select (path.Key, method.Key, method.Value!.AsObject());

    /// <summary>Fails the test when <paramref name="body"/> does not match the schema documented for that answer.</summary>
    public void AssertMatches(string path, string method, int status, string body)
    {
        var response = document["paths"]?[path]?[method]?["responses"]?[status.ToString()]
            ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} documents no {status}");
        var media = response["content"]!.AsObject().First().Value!;
        var schema = JsonSchema.FromText(Inline(media["schema"]!).ToJsonString());
        using var instance = JsonDocument.Parse(body);
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{method.ToUpperInvariant()} {path} {status} does not match its schema: {Describe(result)}\n{body}");
    }

    private JsonNode Inline(JsonNode node, int depth = 0)
    {
        if (depth > 20) throw new InvalidOperationException("schema references nest too deep");
        switch (node)
        {
            case JsonObject obj when obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal):
                return Inline(document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!, depth + 1);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj) copy[key] = value is null ? null : Inline(value, depth + 1);
                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(item => item is null ? null : Inline(item, depth + 1)).ToArray());
            default:
                return node.DeepClone();
        }
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10));
}
