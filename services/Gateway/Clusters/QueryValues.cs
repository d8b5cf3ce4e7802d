using System.Globalization;
using Marketplace.Domain;

namespace Marketplace.Gateway.Clusters;

/// <summary>
/// Query parameters read by hand rather than bound as int or DateTimeOffset: a value that does not parse then gets
/// a field error under its own name (errors.limit, errors.from), like every other invalid field, not a bare 400.
/// </summary>
public static class QueryValues
{
    public static int Limit(ValidationErrors errors, string? raw)
    {
        if (raw is null) return PageCursor.DefaultLimit;
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit)) return limit;
        errors.Add("limit", $"must be a whole number between 1 and {PageCursor.MaxLimit}");
        return PageCursor.DefaultLimit;
    }

    /// <summary>An ISO-8601 time; without an offset it is read as UTC.</summary>
    public static DateTimeOffset? Time(ValidationErrors errors, string field, string? raw)
    {
        if (raw is null) return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        errors.Add(field, "must be an ISO-8601 time such as 2026-12-01T09:00:00Z");
        return null;
    }
}
