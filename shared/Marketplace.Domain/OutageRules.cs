namespace Marketplace.Domain;

/// <summary>
/// The field rules of an outage report (API.md "Outages"), run by the gateway for early errors and by inventory, which
/// also checks the node indexes against the cluster.
/// </summary>
public static class OutageRules
{
    public const int MaxReasonLength = 500;
    public const int MaxNodes = 10000;
    /// <summary>An outage may be reported after the fact, but not for a distant past nobody is billed for any more.</summary>
    public static readonly TimeSpan MaxPast = TimeSpan.FromDays(31);

    public static void ValidateReport(ValidationErrors e, DateTimeOffset now, IReadOnlyList<int>? nodeIndexes, DateTimeOffset? from,
        DateTimeOffset? until, string? reason)
    {
        if (nodeIndexes is not null)
        {
            if (nodeIndexes.Count is 0 or > MaxNodes) e.Add("nodeIndexes", $"must list 1 to {MaxNodes} nodes, or be null for all nodes");
            else if (nodeIndexes.Any(i => i < 0)) e.Add("nodeIndexes", "must be node indexes (0 and up)");
            else if (nodeIndexes.Distinct().Count() != nodeIndexes.Count) e.Add("nodeIndexes", "may not repeat a node");
        }
        if (e.Required("from", from))
        {
            e.WholeHour("from", from);
            if (from < now - MaxPast) e.Add("from", $"may be in the past, but at most {MaxPast.TotalDays:0} days");
        }
        e.WholeHour("until", until);
        if (from is not null && until is not null && until <= from) e.Add("until", "must be after from");
        if (e.Required("reason", reason)) e.Note("reason", reason, MaxReasonLength);
        else return;
        if (string.IsNullOrWhiteSpace(reason)) e.Add("reason", "must say what happened");
    }

    public static void ValidateEnd(ValidationErrors e, DateTimeOffset? at)
    {
        if (e.Required("at", at)) e.WholeHour("at", at);
    }
}
