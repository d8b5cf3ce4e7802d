using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Testing;
using Xunit;

namespace PythonClient.Tests;

/// <summary>
/// Issue 15: the generated package (clients/python/marketplace_client) is the generator's output for the committed
/// document. The generator cannot run on machines without a Python index, so this checks what it records instead:
/// the document it read (GENERATED_FROM) and one module per operation, named after its tag and operationId.
/// </summary>
public sealed partial class When_the_python_client_is_checked
{
    private const string Regenerate = "clients/python/generate.sh";
    private static readonly string Root = TestEnvironment.RepositoryRoot;

    [Fact]
    public void Should_have_been_generated_from_the_committed_openapi_document_by_the_pinned_generator()
    {
        var recorded = File.ReadAllLines(Path.Combine(Python.ClientSource, "GENERATED_FROM"));
        var pinned = VersionPin().Match(File.ReadAllText(Path.Combine(Python.ClientSource, "generate.sh"))).Groups[1].Value;
        Assert.Equal($"openapi-python-client {pinned}", recorded[0]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Root, "docs", "openapi.json"))));
        Assert.True(recorded[1] == $"docs/openapi.json sha256 {hash}",
            $"docs/openapi.json changed since the Python client was generated: run {Regenerate} and commit the result");
    }

    [Fact]
    public void Should_have_one_module_per_operation_and_none_left_over()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "docs", "openapi.json")))!;
        var expected = (from path in document["paths"]!.AsObject()
                        from operation in path.Value!.AsObject()
                        select $"{Snake(operation.Value!["tags"]![0]!.GetValue<string>())}/{Snake(operation.Value!["operationId"]!.GetValue<string>())}.py")
            .Order(StringComparer.Ordinal).ToList();
        var api = Path.Combine(Python.ClientSource, "marketplace_client", "api");
        var actual = Directory.EnumerateFiles(api, "*.py", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(api, f).Replace('\\', '/'))
            .Where(f => !f.EndsWith("__init__.py", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"the generated modules do not match the document's operations: run {Regenerate}\nmissing: {string.Join(", ", expected.Except(actual))}\nleft over: {string.Join(", ", actual.Except(expected))}");
    }

    private static string Snake(string name) => UpperCase().Replace(name, "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex UpperCase();

    [GeneratedRegex(@"(?m)^VERSION=([0-9.]+)$")]
    private static partial Regex VersionPin();
}
