namespace Marketplace.Settlement.Tests;

// Settlement's resources as a client reads them (API.md "Settlement").
public sealed record LedgerEntryDto(Guid Id, Guid TransactionId, DateTimeOffset At, string Account, Guid? OrganizationId, Guid? BookingId, string Kind, decimal Amount);
public sealed record BalanceDto(Guid OrganizationId, decimal Balance);
public sealed record UsageReportDto(Guid Id, Guid BookingId, Guid ProviderId, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    decimal BookedGpuHours, decimal DeliveredGpuHours, string? Note, DateTimeOffset CreatedAt);
public sealed record UsageReportListDto(List<UsageReportDto> Items);
public sealed record ReconciliationStartedDto(Guid Id, string Status);
public sealed record CountsDto(int Bookings, int Holds, int Awards, int LedgerTransactions, int UsageReports);
public sealed record ResolutionDto(string Action, decimal? Amount, string? Note, Guid ResolvedBy, DateTimeOffset ResolvedAt, Guid? LedgerTransactionId, string Outcome);
public sealed record DiscrepancyDto(Guid Id, string Kind, Guid BookingId, string Details, decimal? SuggestedCredit, string Status, ResolutionDto? Resolution);
public sealed record ReconciliationDto(Guid Id, DateTimeOffset From, DateTimeOffset To, string Status, CountsDto Counts, List<DiscrepancyDto> Discrepancies);
