namespace Marketplace.Domain;

/// <summary>
/// The field rules of API.md "Settlement" and usage reports. One owner: the gateway runs them for early errors, the
/// settlement service runs them again as the authority.
/// </summary>
public static class SettlementRules
{
    public const int MaxNoteLength = 1000;
    public const int MaxReconciliationDays = 366;
    public const decimal MaxCreditAmount = 1_000_000_000m;
    public const string IssueCredit = "issue-credit";

    /// <summary>API.md's resolution actions, and post-charge (settlement's addition, docs/architecture.md).</summary>
    public static IReadOnlyList<string> ResolutionActions { get; } = ["release-hold", "cancel-booking", IssueCredit, "post-charge", "accept"];

    /// <summary>A usage report's own fields, before the booking is known.</summary>
    public static void ValidateUsageReport(ValidationErrors e, DateTimeOffset? periodStart, DateTimeOffset? periodEnd, decimal? delivered, string? note)
    {
        if (e.Required("periodStart", periodStart)) e.WholeHour("periodStart", periodStart);
        if (e.Required("periodEnd", periodEnd)) e.WholeHour("periodEnd", periodEnd);
        if (periodStart is not null && periodEnd is not null && periodEnd <= periodStart) e.Add("periodEnd", "must be after periodStart");
        if (e.Required("deliveredGpuHours", delivered))
        {
            if (delivered < 0) e.Add("deliveredGpuHours", "must be 0 or more");
            else if (!Money.HasAtMostScale(delivered!.Value)) e.Add("deliveredGpuHours", "must have at most 4 decimals");
        }
        e.Note("note", note, MaxNoteLength);
    }

    /// <summary>A resolution's own fields, before the discrepancy (and so which actions fit its kind) is known.</summary>
    public static void ValidateResolution(ValidationErrors e, string? action, decimal? amount, string? note)
    {
        if (e.Required("action", action) && !ResolutionActions.Contains(action))
            e.Add("action", $"must be one of {string.Join(", ", ResolutionActions)}");
        if (amount is not null)
        {
            if (action is not null && action != IssueCredit) e.Add("amount", "applies only to issue-credit");
            else if (amount <= 0 || amount > MaxCreditAmount) e.Add("amount", $"must be greater than 0 and at most {MaxCreditAmount:0}");
            else if (!Money.HasAtMostScale(amount.Value)) e.Add("amount", "must have at most 4 decimals");
        }
        e.Note("note", note, MaxNoteLength);
    }

    public static void ValidateReconciliationPeriod(ValidationErrors e, DateTimeOffset? from, DateTimeOffset? to)
    {
        e.Required("from", from);
        e.Required("to", to);
        if (from is null || to is null) return;
        if (to <= from) e.Add("to", "must be after from");
        else if (to - from > TimeSpan.FromDays(MaxReconciliationDays)) e.Add("to", $"must be at most {MaxReconciliationDays} days after from");
    }
}
