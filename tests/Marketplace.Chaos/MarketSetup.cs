using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Chaos;

/// <summary>
/// The run's own organizations and capacity, created through the API: one provider with ample H100 clusters (so every
/// bid can win and a bid left open means something went wrong) and the tenants the load bids for.
/// </summary>
public sealed class MarketSetup
{
    public const string GpuModel = "H100-SXM-80GB";
    private const int Clusters = 40;
    public const int NodesPerCluster = 8;

    public required string ProviderKey { get; init; }
    public required IReadOnlyList<Guid> ClusterIds { get; init; }

    public required IReadOnlyList<string> TenantKeys { get; init; }
    public required IReadOnlyList<Guid> TenantIds { get; init; }
    public required object BidBody { get; init; }
    /// <summary>Whole hours that cover every booking the run can make: the reconciliation's period.</summary>
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }

    public static async Task<MarketSetup> CreateAsync(string gateway, string adminKey, int tenants)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };
        var now = DateTimeOffset.UtcNow;
        var nextHour = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(1);
        var run = Guid.NewGuid().ToString("N")[..8];

        var (_, providerKey) = await CreateOrganizationAsync(http, adminKey, $"chaos-{run}-provider", "provider");
        var created = new List<(Guid Id, string Key)>();
        for (var i = 0; i < tenants; i++) created.Add(await CreateOrganizationAsync(http, adminKey, $"chaos-{run}-tenant-{i}", "tenant"));
        var clusterIds = new List<Guid>();
        for (var i = 0; i < Clusters; i++)
            clusterIds.Add((await PostAsync(http, providerKey, "/v1/clusters", new
            {
                name = $"chaos-{run}-{i}", region = "us-east-1", gpuModel = GpuModel, gpusPerNode = 8, nodeCount = NodesPerCluster,
                interconnect = new { kind = "infiniband", gbpsPerNode = 3200 }, askPricePerGpuHour = 2.0m + i % 5 * 0.05m,
                availableFrom = Iso(nextHour), availableUntil = Iso(nextHour.AddDays(14)),
            }))["id"]!.GetValue<Guid>());

        return new MarketSetup
        {
            ProviderKey = providerKey,
            ClusterIds = clusterIds,
            TenantKeys = created.Select(t => t.Key).ToList(),
            TenantIds = created.Select(t => t.Id).ToList(),
            // One node for four hours, well above every ask: the market can book every bid of the run.
            BidBody = new
            {
                gpuModel = GpuModel, gpuCount = 8, durationHours = 4, earliestStart = Iso(nextHour), latestStart = Iso(nextHour.AddDays(7)),
                maxPricePerGpuHour = 3.0m,
            },
            From = nextHour.AddHours(-1),
            To = nextHour.AddDays(15),
        };
    }

    private static async Task<(Guid Id, string Key)> CreateOrganizationAsync(HttpClient http, string adminKey, string name, string role)
    {
        var created = await PostAsync(http, adminKey, "/v1/organizations", new { name, role });
        return (created["id"]!.GetValue<Guid>(), created["apiKey"]!.GetValue<string>());
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string key, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"setup: POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
