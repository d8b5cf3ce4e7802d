namespace Marketplace.Contracts.Allocation;

/// <summary>GET /v1/market/prices: bookings by confirmation time in [From, To), per hour or day (UTC).</summary>
public record GetPriceHistory(Caller Caller, string GpuModel, string? Region, string Interval, DateTimeOffset From, DateTimeOffset To);

public record PricePointView(
    DateTimeOffset At, decimal Open, decimal High, decimal Low, decimal Close, decimal Vwap, decimal GpuHours, int Bookings);

public record PriceHistoryView(string GpuModel, string? Region, string Interval, IReadOnlyList<PricePointView> Points);

/// <summary>GET /v1/market/depth: free capacity per ask level and open demand per limit level, now.</summary>
public record GetMarketDepth(Caller Caller, string GpuModel, string? Region);

public record SupplyLevelView(decimal PricePerGpuHour, int Clusters, decimal FreeGpuHours7d, decimal FreeGpuHours28d);
public record DemandLevelView(decimal PricePerGpuHour, int OpenBids, long GpuCount);

public record MarketDepthView(
    string GpuModel, string? Region, DateTimeOffset AsOf, IReadOnlyList<SupplyLevelView> Supply, IReadOnlyList<DemandLevelView> Demand);
