namespace Marketplace.Domain;

/// <summary>The query rules of API.md's market data, checked by the gateway and again by allocation.</summary>
public static class MarketDataRules
{
    public const int MaxWindowDays = 366;
    public const int DefaultWindowDays = 30;
    public static readonly string[] Intervals = ["hour", "day"];

    public static void ValidatePrices(ValidationErrors e, string? gpuModel, string? region, string? interval, DateTimeOffset? from, DateTimeOffset? to)
    {
        ValidateMarket(e, gpuModel, region);
        if (interval is not null && !Intervals.Contains(interval)) e.Add("interval", "must be hour or day");
        if (from is not null && to is not null)
        {
            if (from >= to) e.Add("from", "must be before to");
            else if (to - from > TimeSpan.FromDays(MaxWindowDays)) e.Add("to", $"must be at most {MaxWindowDays} days after from");
        }
    }

    public static void ValidateMarket(ValidationErrors e, string? gpuModel, string? region)
    {
        if (e.Required("gpuModel", gpuModel)) e.GpuModel("gpuModel", gpuModel);
        e.Region("region", region);
    }

    /// <summary>API.md defaults: to = now, from = 30 days before to.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now, DateTimeOffset? from, DateTimeOffset? to)
    {
        var end = to ?? now;
        return (from ?? end.AddDays(-DefaultWindowDays), end);
    }
}
