using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// The document's own parts: title, the bearer scheme every authenticated operation refers to, and a stable order of
/// paths, operations and schemas, so the committed docs/openapi.json changes only when the API does and regenerating
/// it gives the same bytes whatever order endpoints are mapped in.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "GPU Cluster Marketplace API";
            document.Info.Version = "v1";
            document.Info.Description = "Tenants bid for GPU capacity, providers list clusters, admins reconcile. "
                + "Authenticate with 'Authorization: Bearer <apiKey>'. Errors are RFC 9457 application/problem+json. The contract is docs/api.md.";
            document.Servers = [new OpenApiServer { Url = "http://127.0.0.1:8080", Description = "deploy/local/up.sh" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "API key",
                Description = "An organization's API key (admins create organizations and keys; the first admin key is MARKETPLACE_ADMIN_KEY).",
            };
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            StableOrder(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer<OperationConventions>();
        options.AddOperationTransformer<QueryParameterConventions>();
        options.AddSchemaTransformer<SchemaConventions>();
    }

    /// <summary>
    /// Paths in ordinal order, each path's operations in the OpenAPI specification's method order, schemas by name:
    /// the generator otherwise follows the order endpoints were mapped in, so two branches adding endpoints would
    /// reorder each other's parts of docs/openapi.json.
    /// </summary>
    private static void StableOrder(OpenApiDocument document)
    {
        if (document.Paths is { } paths)
        {
            var sorted = paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            paths.Clear();
            foreach (var (path, item) in sorted)
            {
                if (item is OpenApiPathItem { Operations: { } operations } pathItem)
                    pathItem.Operations = new Dictionary<HttpMethod, OpenApiOperation>(
                        operations.OrderBy(o => Array.IndexOf(MethodOrder, o.Key.Method.ToUpperInvariant())).ThenBy(o => o.Key.Method, StringComparer.Ordinal));
                paths[path] = item;
            }
        }
        if (document.Components?.Schemas is { } schemas)
            document.Components.Schemas = new Dictionary<string, IOpenApiSchema>(schemas.OrderBy(s => s.Key, StringComparer.Ordinal));
    }

    private static readonly string[] MethodOrder = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];
}
