namespace Marketplace.Bench;

/// <summary>Organizations and clusters created through the API, shared by the runs and the seeding.</summary>
public static class MarketBuilder
{
    public const string GpuModel = "H100-SXM-80GB";
    public const int GpusPerNode = 8;
    public const int NodesPerCluster = 8;
    /// <summary>As long as a bid may look ahead (26 weeks): capacity outlasts every window.</summary>
    public static readonly TimeSpan Listed = TimeSpan.FromDays(7 * 26);
    /// <summary>latestStart for bids: far ahead, but inside the 26 weeks the API allows from the moment of posting.</summary>
    public static readonly TimeSpan LatestStart = TimeSpan.FromDays(7 * 25);

    /// <summary>The next whole UTC hour: the earliest a booking can start, and the only kind of time the market schedules on.</summary>
    public static DateTimeOffset NextHour()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(1);
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>A new organization and its key. No Idempotency-Key: a replay would answer without the key.</summary>
    public static async Task<string> CreateOrganizationAsync(Api api, string name, string role) =>
        (await api.SendAsync(HttpMethod.Post, "/v1/organizations", api.AdminKey, new { name, role }))["apiKey"]!.GetValue<string>();

    public static async Task<IReadOnlyList<string>> CreateTenantsAsync(Api api, string tag, int count)
    {
        var keys = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => keys[i] = await CreateOrganizationAsync(api, $"{tag}-tenant-{i}", "tenant"));
        return keys;
    }

    /// <summary>
    /// Lists <paramref name="count"/> H100 clusters of 8 × 8 GPUs on InfiniBand, round robin over the regions, asks
    /// stepping by 5 cents from <paramref name="lowestAsk"/> over ten levels; returns their ids.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ListClustersAsync(Api api, string providerKey, string tag, int count,
        IReadOnlyList<string> regions, decimal lowestAsk)
    {
        var from = NextHour();
        var ids = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var created = await api.SendAsync(HttpMethod.Post, "/v1/clusters", providerKey, new
            {
                name = $"{tag}-{i}", region = regions[i % regions.Count], gpuModel = GpuModel, gpusPerNode = GpusPerNode, nodeCount = NodesPerCluster,
                interconnect = new { kind = "infiniband", gbpsPerNode = 3200 }, askPricePerGpuHour = lowestAsk + i % 10 * 0.05m,
                availableFrom = Iso(from), availableUntil = Iso(from + Listed),
            }, idempotencyKey: $"{tag}-cluster-{i}");
            ids[i] = created["id"]!.GetValue<string>();
        });
        return ids;
    }

    /// <summary>Highest ask <see cref="ListClustersAsync"/> gives.</summary>
    public static decimal HighestAsk(decimal lowestAsk) => lowestAsk + 9 * 0.05m;
}
