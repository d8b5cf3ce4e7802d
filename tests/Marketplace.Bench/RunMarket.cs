namespace Marketplace.Bench;

/// <summary>
/// One run's own market: a fresh provider with its clusters in the benchmark's regions and fresh tenants, named with
/// the run's tag. Fresh organizations keep each run's bids and bookings apart; delisting the clusters after the run
/// keeps the supply every run sees the same (its bookings stand, so the history still grows).
/// </summary>
public sealed class RunMarket
{
    /// <summary>The regions the benchmark's clusters are in and its bids ask for; seeding uses others (<see cref="Seeder"/>).</summary>
    public static readonly string[] Regions = ["us-east-1", "eu-west-1"];
    private const decimal LowestAsk = 2.00m;
    /// <summary>Above every ask: every bid can win.</summary>
    private const decimal WinningLimit = 3.00m;
    /// <summary>Far under every ask: the bid is accepted and stays open until it expires.</summary>
    private const decimal LosingLimit = 0.05m;
    /// <summary>Accept-path bids expire by themselves this long after they are posted.</summary>
    public static readonly TimeSpan NeverFillLifetime = TimeSpan.FromMinutes(2);

    private readonly Api _api;
    private readonly string _providerKey;
    private readonly IReadOnlyList<string> _clusterIds;
    private readonly DateTimeOffset _earliestStart;

    private RunMarket(Api api, string tag, string providerKey, IReadOnlyList<string> tenantKeys, IReadOnlyList<string> clusterIds)
    {
        _api = api;
        Tag = tag;
        _providerKey = providerKey;
        TenantKeys = tenantKeys;
        _clusterIds = clusterIds;
        _earliestStart = MarketBuilder.NextHour();
    }

    public string Tag { get; }
    public IReadOnlyList<string> TenantKeys { get; }

    public static async Task<RunMarket> CreateAsync(Api api, string tag, int tenants, int clusters)
    {
        var provider = await MarketBuilder.CreateOrganizationAsync(api, $"{tag}-provider", "provider");
        var tenantKeys = await MarketBuilder.CreateTenantsAsync(api, tag, tenants);
        var clusterIds = await MarketBuilder.ListClustersAsync(api, provider, tag, clusters, Regions, LowestAsk);
        return new RunMarket(api, tag, provider, tenantKeys, clusterIds);
    }

    /// <summary>
    /// One node (8 GPUs) for 4 hours from the next whole hour, any time in the next 25 weeks, in the benchmark's regions.
    /// <paramref name="neverFill"/>: a limit under every ask and an expiry two minutes ahead, so the bid only exercises
    /// the accept path and then goes away by itself.
    /// </summary>
    public object Bid(bool neverFill) => new
    {
        gpuModel = MarketBuilder.GpuModel, gpuCount = MarketBuilder.GpusPerNode, durationHours = 4,
        earliestStart = MarketBuilder.Iso(_earliestStart), latestStart = MarketBuilder.Iso(MarketBuilder.NextHour() + MarketBuilder.LatestStart),
        regions = Regions, interconnect = new { kind = "infiniband" },
        maxPricePerGpuHour = neverFill ? LosingLimit : WinningLimit,
        expiresAt = neverFill ? DateTimeOffset.UtcNow + NeverFillLifetime : (DateTimeOffset?)null,
    };

    /// <summary>Takes the run's clusters off the market (existing bookings stand), so the next run meets the same supply.</summary>
    public Task DelistAsync() => Parallel.ForEachAsync(_clusterIds, new ParallelOptions { MaxDegreeOfParallelism = 8 },
        async (id, ct) => await _api.SendAsync(HttpMethod.Delete, $"/v1/clusters/{id}", _providerKey, ct: ct));
}
