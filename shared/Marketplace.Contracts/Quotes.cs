using Marketplace.Contracts.Bidding;

namespace Marketplace.Contracts.Allocation;

/// <summary>The body of a bid (API.md "Bids"), as quoted or as an alternative ready to POST to /v1/bids.</summary>
public record BidTerms(
    string GpuModel, int GpuCount, int DurationHours, DateTimeOffset EarliestStart, DateTimeOffset LatestStart,
    IReadOnlyList<string> Regions, InterconnectRequirement? Interconnect, decimal MaxPricePerGpuHour, DateTimeOffset? ExpiresAt);

/// <summary>What the market would decide for <paramref name="Bid"/> if it were placed now; nothing is placed.</summary>
public record GetQuote(Caller Caller, BidTerms Bid);

public record QuoteAlternativeView(string Change, BidTerms Bid, decimal PricePerGpuHour, DateTimeOffset StartsAt, decimal TotalPrice);

public record QuoteView(
    bool Fillable, decimal? PricePerGpuHour, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, decimal? TotalPrice,
    string? Region, string? InterconnectKind, string Reason, IReadOnlyList<QuoteAlternativeView> Alternatives);
