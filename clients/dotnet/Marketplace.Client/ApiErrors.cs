using Marketplace.Client.Models;
using Microsoft.Kiota.Abstractions;

namespace Marketplace.Client;

/// <summary>An API error as the user should read it: status, title, detail and the field errors of a 400.</summary>
public sealed record ApiError(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Fields)
{
    public static ApiError From(ApiException exception) => exception switch
    {
        HttpValidationProblemDetails v => new(v.Status ?? v.ResponseStatusCode, v.Title ?? "Invalid request", v.Detail, FieldsOf(v.Errors)),
        ProblemDetails p => new(p.Status ?? p.ResponseStatusCode, p.Title ?? "Error", p.Detail, new Dictionary<string, string[]>()),
        _ => new(exception.ResponseStatusCode, "Error", exception.Message, new Dictionary<string, string[]>()),
    };

    private static IReadOnlyDictionary<string, string[]> FieldsOf(HttpValidationProblemDetails_errors? errors) =>
        (errors?.AdditionalData ?? new Dictionary<string, object>()).ToDictionary(
            e => e.Key,
            e => e.Value is IEnumerable<object> list ? list.Select(x => x?.ToString() ?? "").ToArray() : [e.Value?.ToString() ?? ""]);
}
