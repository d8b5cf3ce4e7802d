using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// The document's own parts: title, the bearer scheme every authenticated operation refers to, and a stable order of
/// paths and schemas, so the committed docs/openapi.json changes only when the API does.
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
        options.AddOperationTransformer<OperationConventions>();
        options.AddSchemaTransformer<SchemaConventions>();
    }
}
