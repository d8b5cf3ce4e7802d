using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

// dotnet run -c Release --project tests/Marketplace.LoadGenerator -- [gatewayUrl] [bids] [concurrency]
// Against a running marketplace (deploy/local/up.sh): lists clusters, places bids from several tenants at the given
// concurrency, reports POST /v1/bids latency and how long the market takes to book every bid that can win.
var baseUrl = args.ElementAtOrDefault(0) ?? "http://127.0.0.1:8080";
var bidCount = int.Parse(args.ElementAtOrDefault(1) ?? "2000");
var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "32");
// The key deploy/local/up.sh runs with: the variable, or the random key it keeps in .run/admin-key.
var adminKey = Environment.GetEnvironmentVariable("MARKETPLACE_ADMIN_KEY") is { Length: > 0 } fromEnvironment ? fromEnvironment
    : File.Exists(".run/admin-key") ? File.ReadAllText(".run/admin-key").Trim()
    : throw new InvalidOperationException("Set MARKETPLACE_ADMIN_KEY, or run from the repository root after deploy/local/up.sh (.run/admin-key).");
var model = "H100-SXM-80GB";
var nowTicks = DateTime.UtcNow.Ticks;
var nextHour = new DateTimeOffset(nowTicks - nowTicks % TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(1);
string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
HttpRequestMessage Request(HttpMethod method, string path, string key, object? body = null) => new(method, path)
{
    Headers = { { "Authorization", $"Bearer {key}" } },
    Content = body is null ? null : JsonContent.Create(body),
};
async Task<JsonNode> Send(HttpMethod method, string path, string key, object? body = null)
{
    using var response = await http.SendAsync(Request(method, path, key, body));
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {path}: {text}");
    return JsonNode.Parse(text)!;
}
async Task<string> NewOrg(string role) =>
    (await Send(HttpMethod.Post, "/v1/organizations", adminKey, new { name = $"load-{role}-{Guid.NewGuid():N}"[..24], role }))["apiKey"]!.GetValue<string>();

var provider = await NewOrg("provider");
var tenants = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => NewOrg("tenant")));
var random = new Random(7);
for (var i = 0; i < 100; i++)
    await Send(HttpMethod.Post, "/v1/clusters", provider, new
    {
        name = $"load-{i}", region = i % 2 == 0 ? "us-east-1" : "eu-west-1", gpuModel = model, gpusPerNode = 8, nodeCount = 8,
        interconnect = new { kind = "infiniband", gbpsPerNode = 3200 }, askPricePerGpuHour = 1.8m + i % 10 * 0.05m,
        availableFrom = Iso(nextHour), availableUntil = Iso(nextHour.AddDays(14)),
    });

var latencies = new double[bidCount];
var bidIds = new (string Tenant, string Id)[bidCount];
var failures = 0;
var started = Stopwatch.StartNew();
await Parallel.ForAsync(0, bidCount, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
{
    var tenant = tenants[i % tenants.Length];
    var body = new
    {
        gpuModel = model, gpuCount = 8 * (1 + i % 4), durationHours = 4 + i % 48,
        earliestStart = Iso(nextHour), latestStart = Iso(nextHour.AddDays(7)), maxPricePerGpuHour = 1.8m + i % 20 * 0.05m,
    };
    var watch = Stopwatch.StartNew();
    try
    {
        var bid = await Send(HttpMethod.Post, "/v1/bids", tenant, body);
        bidIds[i] = (tenant, bid["id"]!.GetValue<string>());
    }
    catch (Exception) { Interlocked.Increment(ref failures); }
    latencies[i] = watch.Elapsed.TotalMilliseconds;
});
var placing = started.Elapsed;

// Wait until no bid is still open or until the market stops booking (what is left cannot fit).
var lastWon = -1;
var stable = 0;
using var poll = new PeriodicTimer(TimeSpan.FromSeconds(1)); // "settled" = the won count unchanged for 5 polls
while (stable < 5 && await poll.WaitForNextTickAsync())
{
    var won = 0;
    foreach (var tenant in tenants)
    {
        string? cursor = null;
        do
        {
            var page = await Send(HttpMethod.Get, $"/v1/bids?status=won&limit=200{(cursor is null ? "" : $"&cursor={cursor}")}", tenant);
            won += page["items"]!.AsArray().Count;
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
    }
    stable = won == lastWon ? stable + 1 : 0;
    lastWon = won;
}
var settled = started.Elapsed - TimeSpan.FromSeconds(5);

Array.Sort(latencies);
double P(double q) => latencies[(int)Math.Min(latencies.Length - 1, q * latencies.Length)];
Console.WriteLine(JsonSerializer.Serialize(new
{
    bids = bidCount, concurrency, failures, clusters = 100, nodesPerCluster = 8,
    placeSeconds = Math.Round(placing.TotalSeconds, 2), bidsPerSecond = Math.Round(bidCount / placing.TotalSeconds, 1),
    postBidMs = new { p50 = Math.Round(P(0.50), 1), p95 = Math.Round(P(0.95), 1), p99 = Math.Round(P(0.99), 1), max = Math.Round(latencies[^1], 1) },
    won = lastWon, secondsUntilMarketSettled = Math.Round(settled.TotalSeconds, 1),
}, new JsonSerializerOptions { WriteIndented = true }));
