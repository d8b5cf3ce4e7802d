using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// What every operation shares, written once: the bearer requirement on authenticated routes, the Idempotency-Key
/// header where the endpoint takes one, Location on 201, Retry-After on 429 and 503.
/// </summary>
public sealed class OperationConventions : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocument.BearerScheme, context.Document)] = [] });
        }
        if (metadata.OfType<IdempotencyKeyHeader>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Description = "1-128 printable characters. A retry with the same key and body returns the first answer and creates nothing new; "
                    + "the same key with another body answers 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128 },
            });
        }
        if (operation.Responses is { } responses)
        {
            AddHeader(responses, "201", "Location", "The path of the created resource.");
            AddHeader(responses, "202", "Location", "The path where the accepted work can be followed.");
            AddHeader(responses, "429", "Retry-After", "Seconds to wait before trying again.");
            AddHeader(responses, "503", "Retry-After", "Seconds to wait before trying again.");
        }
        return Task.CompletedTask;
    }

    private static void AddHeader(OpenApiResponses responses, string status, string name, string description)
    {
        if (responses.TryGetValue(status, out var found) && found is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }
}
