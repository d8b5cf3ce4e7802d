using System.Text.Json.Nodes;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Contracts.Settlement;
using Marketplace.Gateway.Bids;
using Marketplace.Gateway.Clusters;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.Settlement;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// The closed sets of API.md as enums (statuses, roles, kinds: the contracts carry them as strings), and examples for
/// the bodies of the main flows (listing a cluster, placing a bid).
/// </summary>
public sealed class SchemaConventions : IOpenApiSchemaTransformer
{
    private static readonly string[] Roles = ["admin", "provider", "tenant"];
    private static readonly string[] Fabrics = ["infiniband", "roce", "ethernet"];

    private static readonly Dictionary<(Type, string), string[]> Enums = new()
    {
        [(typeof(BidView), "status")] = ["open", "won", "cancelled", "expired"],
        [(typeof(BookingView), "status")] = ["scheduled", "active", "completed", "cancelled"],
        [(typeof(ClusterView), "status")] = ["active", "delisted"],
        [(typeof(Interconnect), "kind")] = Fabrics,
        [(typeof(InterconnectRequirement), "kind")] = Fabrics,
        [(typeof(InterconnectRequest), "kind")] = Fabrics,
        [(typeof(InterconnectRequirementRequest), "kind")] = Fabrics,
        [(typeof(OrganizationView), "role")] = Roles,
        [(typeof(CreatedOrganization), "role")] = Roles,
        [(typeof(CreateOrganizationRequest), "role")] = Roles,
        [(typeof(Me), "role")] = Roles,
        [(typeof(LedgerEntryView), "kind")] = ["charge", "payout", "fee", "refund", "credit"],
        [(typeof(ReconciliationStarted), "status")] = ["running", "completed", "failed"],
        [(typeof(ReconciliationView), "status")] = ["running", "completed", "failed"],
        [(typeof(ReconciliationSummary), "status")] = ["running", "completed", "failed"],
        [(typeof(DiscrepancyView), "status")] = ["open", "resolved"],
        [(typeof(DiscrepancyView), "kind")] =
            ["hold-without-booking", "booking-without-hold", "award-without-booking", "booking-without-award", "amount-mismatch", "missing-charge", "under-delivery"],
        [(typeof(ResolveDiscrepancyRequest), "action")] = ["release-hold", "cancel-booking", "issue-credit", "accept"],
        [(typeof(ResolutionView), "action")] = ["release-hold", "cancel-booking", "issue-credit", "accept"],
        [(typeof(PriceHistoryView), "interval")] = ["hour", "day"],
        [(typeof(PlanOptionView), "priceSource")] = ["quote", "market-vwap", "ask"],
        [(typeof(QuoteAlternativeView), "change")] = ["later-start", "higher-price", "fewer-gpus", "any-region", "other-gpu-model"],
    };

    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(CreateClusterRequest)] = """
            { "name": "h100-east", "region": "us-east-1", "gpuModel": "H100-SXM-80GB", "gpusPerNode": 8, "nodeCount": 4,
              "interconnect": { "kind": "infiniband", "gbpsPerNode": 3200 }, "askPricePerGpuHour": 2.10,
              "availableFrom": "2026-12-01T09:00:00Z", "availableUntil": "2026-12-31T09:00:00Z" }
            """,
        [typeof(PlaceBidRequest)] = """
            { "gpuModel": "H100-SXM-80GB", "gpuCount": 16, "durationHours": 24, "earliestStart": "2026-12-01T09:00:00Z",
              "latestStart": "2026-12-04T09:00:00Z", "regions": ["us-east-1"], "maxPricePerGpuHour": 2.50 }
            """,
        [typeof(Market.PlanRequest)] = """
            { "modelParameters": 70000000000, "trainingTokens": 2000000000000, "gpuModel": "H100-SXM-80GB", "gpuCount": 1000, "mfu": 0.23 }
            """,
    };

    /// <summary>
    /// The request fields API.md makes optional. The request records take every field as nullable, so that a missing
    /// or null field gets the API's own field error instead of a binding error; the schema generator would otherwise
    /// list all of them as required, and generated clients would make callers pass every optional field.
    /// </summary>
    private static readonly Dictionary<Type, string[]> OptionalFields = new()
    {
        [typeof(PlaceBidRequest)] = ["interconnect", "expiresAt"],
        [typeof(InterconnectRequirementRequest)] = ["kind", "minGbpsPerNode"],
        [typeof(Market.PlanRequest)] = ["gpuModel", "gpuCount", "mfu", "deadline", "budget", "flopsPerToken"],
        [typeof(UpdateClusterRequest)] = ["name", "askPricePerGpuHour", "availableUntil"],
        [typeof(UsageReportRequest)] = ["note"],
        [typeof(ResolveDiscrepancyRequest)] = ["amount", "note"],
        [typeof(Outages.ReportOutageRequest)] = ["nodeIndexes", "until"],
    };

    /// <summary>The closed set of a property (by its JSON name), for the query parameters that filter on it.</summary>
    public static string[]? EnumFor(Type declaringType, string jsonName) => Enums.GetValueOrDefault((declaringType, jsonName));

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        Primitive(schema, context.JsonTypeInfo.Type);
        if (context.JsonPropertyInfo is { } property
            && Enums.TryGetValue((property.DeclaringType, property.Name), out var values))
            schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        else if (context.JsonPropertyInfo is null)
        {
            if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example)) schema.Examples = [JsonNode.Parse(example)!];
            if (OptionalFields.TryGetValue(context.JsonTypeInfo.Type, out var optional)) schema.Required?.ExceptWith(optional);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Times and money go through the gateway's own converters (UTC "Z" times, decimals without trailing zeros), so
    /// the generator knows only their format; whole numbers are read leniently ("16" is taken for 16), which it
    /// describes as integer-or-string. The document says what the API writes and asks for: a string date-time, a
    /// number, an integer (each or null where the field is nullable).
    /// </summary>
    private static void Primitive(OpenApiSchema schema, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null ? JsonSchemaType.Null : 0;
        switch (underlying ?? type)
        {
            case var t when t == typeof(DateTimeOffset) || t == typeof(DateTime):
                schema.Type = JsonSchemaType.String | nullable;
                break;
            case var t when t == typeof(decimal):
                // Money and prices: exact decimals (generators map "decimal" to a decimal type, not a binary double).
                schema.Type = JsonSchemaType.Number | nullable;
                schema.Format = "decimal";
                schema.Pattern = null;
                break;
            case var t when t == typeof(double) || t == typeof(float):
                schema.Type = JsonSchemaType.Number | nullable;
                schema.Pattern = null;
                break;
            case var t when t == typeof(int) || t == typeof(long):
                schema.Type = JsonSchemaType.Integer | nullable;
                schema.Pattern = null;
                break;
        }
    }
}
