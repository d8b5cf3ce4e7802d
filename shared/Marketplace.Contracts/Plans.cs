namespace Marketplace.Contracts.Allocation;

/// <summary>A training run to plan (API.md "Market data, quotes and plans"); nothing is placed.</summary>
public record GetPlan(
    Caller Caller, double ModelParameters, double TrainingTokens, string? GpuModel, int? GpuCount, double? Mfu,
    DateTimeOffset? Deadline, decimal? Budget, double? FlopsPerToken);

/// <summary>One way to run it: <paramref name="Bid"/> is the bid to place; the price's source says how firm it is.</summary>
public record PlanOptionView(
    string GpuModel, int GpuCount, long DurationHours, long GpuHours, decimal PricePerGpuHour, string PriceSource, decimal TotalPrice,
    DateTimeOffset StartsAt, bool MeetsDeadline, bool MeetsBudget, BidTerms Bid);

public record PlanView(double TotalFlops, IReadOnlyList<PlanOptionView> Options);
