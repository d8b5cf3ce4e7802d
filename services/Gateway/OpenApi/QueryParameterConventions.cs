using System.Text.Json.Nodes;
using Marketplace.Domain;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// The query parameters the API shares, described once by name: handlers bind most of them as text (so a bad value
/// gets a field error in the API's words), which the generator would document as a bare string. The document says
/// what the API accepts: limit an integer 1-200 (default 50), cursor the previous page's nextCursor, times as
/// date-time, ids as uuid, interval hour or day, and a list's status filter as the statuses of the items it lists.
/// </summary>
public sealed class QueryParameterConventions : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var required = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredQuery>().Select(r => r.Name).ToHashSet();
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            var name = parameter.Name ?? "";
            if (required.Contains(name)) parameter.Required = true;
            switch (name)
            {
                case "limit":
                    parameter.Description = $"Page size, 1 to {PageCursor.MaxLimit}.";
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = PageCursor.MaxLimit.ToString(),
                        Default = JsonValue.Create(PageCursor.DefaultLimit),
                    };
                    break;
                case "cursor":
                    parameter.Description = "The previous page's nextCursor; absent for the first page (newest first).";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
                    break;
                case "from" or "to":
                    parameter.Description ??= "An ISO-8601 UTC time such as 2026-12-01T09:00:00Z.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
                    break;
                case "organizationId" or "bookingId":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
                    break;
                case "interval":
                    parameter.Schema = Strings(["hour", "day"], "day");
                    break;
                case "status" when ListedStatuses(context) is { } statuses:
                    parameter.Description = "Only items in this status.";
                    parameter.Schema = Strings(statuses, null);
                    break;
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Strings(string[] values, string? defaultValue) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Default = defaultValue is null ? null : JsonValue.Create(defaultValue),
    };

    /// <summary>The statuses of the items a list answers (a page's Items), as SchemaConventions gives them.</summary>
    private static string[]? ListedStatuses(OpenApiOperationTransformerContext context)
    {
        var page = context.Description.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == StatusCodes.Status200OK)?.Type;
        var items = page?.GetProperty("Items")?.PropertyType;
        var item = items?.GetInterfaces().Append(items)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return item is null ? null : SchemaConventions.EnumFor(item, "status");
    }
}

/// <summary>Endpoint metadata: this query parameter must be given (the handler answers 400 without it).</summary>
public sealed record RequiredQuery(string Name);

public static class RequiredQueryExtensions
{
    /// <summary>Documents query parameters the endpoint refuses to go without.</summary>
    public static RouteHandlerBuilder RequiresQuery(this RouteHandlerBuilder builder, params string[] names)
    {
        foreach (var name in names) builder.WithMetadata(new RequiredQuery(name));
        return builder;
    }
}
