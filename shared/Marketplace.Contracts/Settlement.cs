namespace Marketplace.Contracts.Settlement;

// Ledger (API.md "Settlement"): amounts are signed from the account holder's side.
public record LedgerEntryView(
    Guid Id, Guid TransactionId, DateTimeOffset At, string Account, Guid? OrganizationId, Guid? BookingId, string Kind, decimal Amount);
public record LedgerPage(IReadOnlyList<LedgerEntryView> Items, string? NextCursor);
public record ListLedgerEntries(Caller Caller, Guid? OrganizationId, Guid? BookingId, int Limit, string? Cursor);
public record GetBalance(Caller Caller, Guid OrganizationId);
public record BalanceView(Guid OrganizationId, decimal Balance);

// Usage reports: a booking's provider reports delivered GPU-hours per period (whole hours inside the booking).
public record ReportUsage(
    Caller Caller, Guid ReportId, Guid BookingId, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, decimal DeliveredGpuHours, string? Note);
public record UsageReportView(
    Guid Id, Guid BookingId, Guid ProviderId, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, decimal BookedGpuHours,
    decimal DeliveredGpuHours, string? Note, DateTimeOffset CreatedAt);
public record UsageReportList(IReadOnlyList<UsageReportView> Items);
public record ListUsageReports(Caller Caller, Guid BookingId);
public record GetUsageReport(Caller Caller, Guid BookingId, Guid ReportId);

// Reconciliation (admin).
public record StartReconciliation(Caller Caller, Guid ReconciliationId, DateTimeOffset From, DateTimeOffset To);
public record ReconciliationStarted(Guid Id, string Status, DateTimeOffset From, DateTimeOffset To);
public record GetReconciliation(Caller Caller, Guid ReconciliationId);
public record ListReconciliations(Caller Caller, int Limit, string? Cursor);

public record ReconciliationCounts(int Bookings, int Holds, int Awards, int LedgerTransactions, int UsageReports);
public record ResolutionView(
    string Action, decimal? Amount, string? Note, Guid ResolvedBy, DateTimeOffset ResolvedAt, Guid? LedgerTransactionId, string Outcome);
public record DiscrepancyView(
    Guid Id, Guid ReconciliationId, string Kind, Guid BookingId, string Details, decimal? SuggestedCredit, string Status,
    ResolutionView? Resolution);
public record ReconciliationView(
    Guid Id, DateTimeOffset From, DateTimeOffset To, string Status, ReconciliationCounts Counts,
    IReadOnlyList<DiscrepancyView> Discrepancies, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? Error);
public record ReconciliationSummary(
    Guid Id, DateTimeOffset From, DateTimeOffset To, string Status, int Discrepancies, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
public record ReconciliationPage(IReadOnlyList<ReconciliationSummary> Items, string? NextCursor);

/// <summary>Resolve a discrepancy: the action is carried out through the service that owns the record, then recorded.</summary>
public record ResolveDiscrepancy(Caller Caller, Guid DiscrepancyId, string Action, decimal? Amount, string? Note);

// Events, for admins' event feed.
/// <summary>A reconciliation run finished (completed or failed) with this many open discrepancies.</summary>
/// <remarks>
/// <paramref name="Found"/> repeats the run's DiscrepancyFound messages, so that whoever tells people of the run can
/// tell every discrepancy before the completion: the two kinds travel on separate queues and may arrive in any order.
/// Null from a sender that predates it.
/// </remarks>
public record ReconciliationCompleted(Guid Id, DateTimeOffset From, DateTimeOffset To, string Status, int Discrepancies, DateTimeOffset At,
    IReadOnlyList<DiscrepancyView>? Found = null);
/// <summary>A reconciliation run found a discrepancy (one event per discrepancy, when the run completes).</summary>
public record DiscrepancyFound(DiscrepancyView Discrepancy, DateTimeOffset At);
