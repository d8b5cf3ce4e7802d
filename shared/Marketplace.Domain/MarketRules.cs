namespace Marketplace.Domain;

/// <summary>
/// The field rules of API.md for listings and bids. The gateway runs them for early errors; the owning service runs
/// them again because it is the authority, whoever calls it.
/// </summary>
public static class MarketRules
{
    public const int MaxHorizonWeeks = 26;
    public const int MaxDurationHours = 4368;

    public static void ValidateListing(ValidationErrors e, string? name, string? region, string? gpuModel, int? gpusPerNode,
        int? nodeCount, string? interconnectKind, int? gbpsPerNode, bool hasInterconnect, decimal? ask,
        DateTimeOffset? availableFrom, DateTimeOffset? availableUntil)
    {
        if (e.Required("name", name)) e.Text("name", name, 1, 200);
        if (e.Required("region", region)) e.Region("region", region);
        if (e.Required("gpuModel", gpuModel)) e.GpuModel("gpuModel", gpuModel);
        if (e.Required("gpusPerNode", gpusPerNode)) e.Range("gpusPerNode", gpusPerNode, 1, 16);
        if (e.Required("nodeCount", nodeCount)) e.Range("nodeCount", nodeCount, 1, 10000);
        if (!hasInterconnect) e.Add("interconnect", "is required");
        else
        {
            if (e.Required("interconnect.kind", interconnectKind) && !Interconnects.IsKnown(interconnectKind))
                e.Add("interconnect.kind", "must be infiniband, roce or ethernet");
            if (e.Required("interconnect.gbpsPerNode", gbpsPerNode)) e.Range("interconnect.gbpsPerNode", gbpsPerNode, 1, 100000);
        }
        if (e.Required("askPricePerGpuHour", ask)) e.Price("askPricePerGpuHour", ask);
        if (e.Required("availableFrom", availableFrom)) e.WholeHour("availableFrom", availableFrom);
        if (e.Required("availableUntil", availableUntil)) e.WholeHour("availableUntil", availableUntil);
        if (availableFrom is not null && availableUntil is not null && availableFrom >= availableUntil)
            e.Add("availableUntil", "must be after availableFrom");
    }

    public static void ValidateListingChange(ValidationErrors e, string? name, decimal? ask, DateTimeOffset? availableUntil)
    {
        if (name is null && ask is null && availableUntil is null)
            e.Add("$", "give at least one of name, askPricePerGpuHour, availableUntil");
        e.Text("name", name, 1, 200);
        e.Price("askPricePerGpuHour", ask);
        e.WholeHour("availableUntil", availableUntil);
    }

    public static void ValidateBid(ValidationErrors e, DateTimeOffset now, string? gpuModel, int? gpuCount, int? durationHours,
        DateTimeOffset? earliestStart, DateTimeOffset? latestStart, IReadOnlyList<string?>? regions,
        string? interconnectKind, int? minGbpsPerNode, decimal? maxPrice, DateTimeOffset? expiresAt)
    {
        if (e.Required("gpuModel", gpuModel)) e.GpuModel("gpuModel", gpuModel);
        if (e.Required("gpuCount", gpuCount)) e.Range("gpuCount", gpuCount, 1, 100000);
        if (e.Required("durationHours", durationHours)) e.Range("durationHours", durationHours, 1, MaxDurationHours);
        if (e.Required("earliestStart", earliestStart)) e.WholeHour("earliestStart", earliestStart);
        if (e.Required("latestStart", latestStart))
        {
            e.WholeHour("latestStart", latestStart);
            if (latestStart <= now) e.Add("latestStart", "must be in the future");
            else if (latestStart > now.AddDays(7 * MaxHorizonWeeks)) e.Add("latestStart", $"must be at most {MaxHorizonWeeks} weeks ahead");
        }
        if (earliestStart is not null && latestStart is not null && earliestStart > latestStart)
            e.Add("earliestStart", "must be at or before latestStart");
        if (regions is not null)
        {
            if (regions.Count > 20) e.Add("regions", "may list at most 20 regions");
            for (var i = 0; i < regions.Count; i++)
                if (regions[i] is not { } r || !ValidationErrors.IsRegion(r)) e.Add($"regions[{i}]", "must be 1 to 64 characters of a-z, 0-9 and -");
        }
        if (interconnectKind is not null && !Interconnects.IsKnown(interconnectKind))
            e.Add("interconnect.kind", "must be infiniband, roce or ethernet");
        e.Range("interconnect.minGbpsPerNode", minGbpsPerNode, 1, 100000);
        if (e.Required("maxPricePerGpuHour", maxPrice)) e.Price("maxPricePerGpuHour", maxPrice);
        if (expiresAt is not null && expiresAt <= now) e.Add("expiresAt", "must be in the future");
    }
}
