using Marketplace.Domain;

namespace Marketplace.Testing;

// The API's resources as a client reads them (API.md).
public sealed record InterconnectDto(string Kind, int GbpsPerNode);
public sealed record ClusterDto(
    Guid Id, Guid ProviderId, string Name, string Region, string GpuModel, int GpusPerNode, int NodeCount, InterconnectDto Interconnect,
    decimal AskPricePerGpuHour, DateTimeOffset AvailableFrom, DateTimeOffset AvailableUntil, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
public sealed record BidDto(
    Guid Id, Guid TenantId, string GpuModel, int GpuCount, int DurationHours, DateTimeOffset EarliestStart, DateTimeOffset LatestStart,
    List<string> Regions, decimal MaxPricePerGpuHour, DateTimeOffset ExpiresAt, string Status, Guid? BookingId, decimal? PricePerGpuHour,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, BidDecisionDto? LastDecision = null);
public sealed record BidDecisionDto(DateTimeOffset At, string Reason);
public sealed record BookingDto(
    Guid Id, Guid BidId, Guid TenantId, Guid ProviderId, Guid ClusterId, string GpuModel, int NodeCount, int GpuCount,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal PricePerGpuHour, decimal TotalPrice, string Status, DateTimeOffset CreatedAt);
public sealed record Page<T>(List<T> Items, string? NextCursor);

/// <summary>Valid request bodies with sensible defaults; tests change only what they are about.</summary>
public static class Samples
{
    public static DateTimeOffset NextHour => Hours.CeilingHour(DateTimeOffset.UtcNow.AddMinutes(1));

    public static Dictionary<string, object?> Cluster(string gpuModel = "H100-SXM-80GB", int nodeCount = 4, int gpusPerNode = 8,
        decimal ask = 2.10m, string region = "us-east-1", string kind = "infiniband", int gbps = 3200,
        DateTimeOffset? from = null, DateTimeOffset? until = null, string? name = null) => new()
    {
        ["name"] = name ?? $"cluster-{Guid.NewGuid():N}"[..16],
        ["region"] = region,
        ["gpuModel"] = gpuModel,
        ["gpusPerNode"] = gpusPerNode,
        ["nodeCount"] = nodeCount,
        ["interconnect"] = new Dictionary<string, object?> { ["kind"] = kind, ["gbpsPerNode"] = gbps },
        ["askPricePerGpuHour"] = ask,
        ["availableFrom"] = Iso(from ?? NextHour),
        ["availableUntil"] = Iso(until ?? NextHour.AddDays(30)),
    };

    public static Dictionary<string, object?> Bid(string gpuModel = "H100-SXM-80GB", int gpuCount = 16, int durationHours = 24,
        decimal maxPrice = 2.50m, DateTimeOffset? earliest = null, DateTimeOffset? latest = null, string[]? regions = null,
        DateTimeOffset? expiresAt = null) => new()
    {
        ["gpuModel"] = gpuModel,
        ["gpuCount"] = gpuCount,
        ["durationHours"] = durationHours,
        ["earliestStart"] = Iso(earliest ?? NextHour),
        ["latestStart"] = Iso(latest ?? NextHour.AddDays(3)),
        ["regions"] = regions ?? [],
        ["maxPricePerGpuHour"] = maxPrice,
        ["expiresAt"] = expiresAt is null ? null : Iso(expiresAt.Value),
    };

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
