using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Marketplace.Gateway.Errors;

/// <summary>
/// Says what is wrong with a body or a query value in the API's own words: field names and JSON types ("must be a
/// number"), never the .NET types behind them. System.Text.Json and ASP.NET name those types in their messages
/// (Marketplace.Gateway.Clusters.CreateClusterRequest, Nullable`1), which tells a client how the gateway is built.
/// </summary>
public static partial class ApiWording
{
    private const string TimeExample = "2026-12-01T09:00:00Z";

    /// <summary>The field a JSON failure is about, as the client spelled it ("interconnect.gbpsPerNode", "regions[0]"), or "$" for the whole body.</summary>
    public static string FieldOf(JsonException json) =>
        string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');

    /// <summary>What the field must be, when a value had the wrong JSON type; or what is wrong with the JSON text itself.</summary>
    public static string ReasonFor(JsonException json, HttpContext context)
    {
        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            // The exception handler clears the request's endpoint before it runs; its feature keeps the one that failed.
            var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
            var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var type = bodyType is null ? null : TypeAt(bodyType, json.Path);
            return type is null ? "has the wrong JSON type" : MustBe(type);
        }
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine})" : "";
        return $"is not valid JSON{where}";
    }

    /// <summary>
    /// A query or route value that did not parse. ASP.NET's message is: Failed to bind parameter "Nullable&lt;Guid&gt; id" from "x".
    /// Returns the parameter's name and the reason, or null when the message is not that one.
    /// </summary>
    public static (string Field, string Reason)? BindFailure(string message)
    {
        var match = BindFailurePattern().Match(message);
        if (!match.Success) return null;
        var typeText = match.Groups["type"].Value;
        var kind = typeText.Contains("Guid", StringComparison.Ordinal) ? "a UUID"
            : typeText.Contains("DateTime", StringComparison.Ordinal) ? $"a time such as {TimeExample}"
            : typeText.Contains("bool", StringComparison.OrdinalIgnoreCase) ? "true or false"
            : NumberPattern().IsMatch(typeText) ? "a number"
            : null;
        var value = match.Groups["value"].Value;
        return (match.Groups["name"].Value, kind is null ? $"'{value}' is not a valid value" : $"must be {kind}, not '{value}'");
    }

    /// <summary>A message for a bad request whose own message would name internals.</summary>
    public static string GenericBadRequest(int status, string message) => status switch
    {
        415 => "The body must be JSON, sent with 'Content-Type: application/json'.",
        _ when message.Contains("was not provided", StringComparison.Ordinal) || message.Contains("no body was provided", StringComparison.Ordinal)
            => "A JSON body is required.",
        _ => "The request could not be read.",
    };

    private static string MustBe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "must be a string";
        if (type == typeof(bool)) return "must be true or false";
        if (type == typeof(Guid)) return "must be a UUID string";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return $"must be a time string such as {TimeExample}";
        if (type.IsPrimitive || type == typeof(decimal)) return "must be a number";
        if (type.IsEnum) return "must be one of the documented values";
        if (ElementType(type) is not null) return "must be an array";
        return "must be an object";
    }

    /// <summary>The .NET type a JSON path ("$.interconnect.kind", "$.regions[0]") lands on inside the body type; null when it cannot be followed.</summary>
    private static Type? TypeAt(Type root, string? path)
    {
        var type = root;
        foreach (Match segment in PathSegment().Matches(path ?? "$"))
        {
            if (segment.Groups["index"].Success)
            {
                type = ElementType(Nullable.GetUnderlyingType(type) ?? type);
            }
            else
            {
                var name = segment.Groups["name"].Value;
                type = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            }
            if (type is null) return null;
        }
        return type;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        if (!typeof(IEnumerable).IsAssignableFrom(type)) return null;
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    [GeneratedRegex("""^Failed to bind parameter "(?:(?<type>[^"]+) )?(?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailurePattern();

    [GeneratedRegex(@"\b(u?int|u?long|u?short|s?byte|decimal|double|float|Int\d+|UInt\d+|Decimal|Double|Single)\b")]
    private static partial Regex NumberPattern();

    // "$", then ".name", "['name']" or "[0]" segments.
    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\['(?<name>[^']+)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
