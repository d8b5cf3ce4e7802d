using System.Text.RegularExpressions;

namespace Marketplace.Domain;

/// <summary>
/// Collects field errors the way RFC 9457 "errors" presents them. The same rule helpers run in the
/// gateway (early, friendly errors) and in the owning service (the authority).
/// </summary>
public sealed partial class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public bool Required<T>(string field, T? value)
    {
        if (value is null || value is string s && s.Length == 0) { Add(field, "is required"); return false; }
        return true;
    }

    public void Length(string field, string? value, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
            Add(field, $"must be {min} to {max} characters");
    }

    /// <summary>Free text a person reads (a name): the length rule, and no control characters (PostgreSQL cannot even store U+0000).</summary>
    public void Text(string field, string? value, int min, int max)
    {
        Length(field, value, min, max);
        if (value is not null && value.Any(char.IsControl)) Add(field, "may not contain control characters");
    }

    /// <summary>
    /// Free text of several lines (a note): the length rule, and no control characters but line breaks and tabs. U+0000
    /// in particular cannot be stored by PostgreSQL at all.
    /// </summary>
    public void Note(string field, string? value, int max)
    {
        Length(field, value, 0, max);
        if (value is not null && value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            Add(field, "may not contain control characters other than line breaks and tabs");
    }

    public void Range(string field, long? value, long min, long max)
    {
        if (value is not null && (value < min || value > max)) Add(field, $"must be between {min} and {max}");
    }

    public void Price(string field, decimal? value)
    {
        if (value is null) return;
        if (value <= 0 || value > 1000) Add(field, "must be greater than 0 and at most 1000");
        else if (!Money.HasAtMostScale(value.Value)) Add(field, "must have at most 4 decimals");
    }

    public void WholeHour(string field, DateTimeOffset? value)
    {
        if (value is not null && !Hours.IsWholeHour(value.Value)) Add(field, "must be a whole UTC hour (e.g. 2026-12-01T09:00:00Z)");
    }

    public void Region(string field, string? value)
    {
        if (value is not null && !IsRegion(value)) Add(field, "must be 1 to 64 characters of a-z, 0-9 and -");
    }

    public void GpuModel(string field, string? value)
    {
        if (value is not null && !GpuCatalog.Contains(value)) Add(field, "is not a model of the catalog (GET /v1/gpu-models)");
    }

    public static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    // \z, not $: "$" also matches before a final "\n", which let "east\n" through.
    [GeneratedRegex(@"\A[a-z0-9-]{1,64}\z")]
    private static partial Regex RegionPattern();
}
