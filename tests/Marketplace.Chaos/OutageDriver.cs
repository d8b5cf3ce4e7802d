using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace Marketplace.Chaos;

/// <summary>
/// Nodes fail while the load runs and faults strike (issue 13: the outage workflow must be as crash-safe as booking):
/// every <see cref="ChaosOptions.OutageEvery"/> the provider reports one node of a random cluster down for three hours
/// in the first hours of the market, where the load's bookings are (so outages hit bookings, to be moved or credited),
/// with an Idempotency-Key, retried like a bid until answered.
/// </summary>
public sealed class OutageDriver(ChaosOptions options, MarketSetup market, Func<IReadOnlyList<string>> gateways)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(15) };
    private readonly Random _random = new(13);

    /// <summary>Outages reported and acknowledged (201) with their ids; keys never answered stay out.</summary>
    public ConcurrentDictionary<string, Guid?> Reported { get; } = new();

    public async Task RunAsync(CancellationToken stop)
    {
        if (options.OutageEvery <= TimeSpan.Zero) return;
        var sends = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(options.OutageEvery, stop); }
            catch (OperationCanceledException) { break; }
            var cluster = market.ClusterIds[_random.Next(market.ClusterIds.Count)];
            var body = new
            {
                nodeIndexes = new[] { _random.Next(MarketSetup.NodesPerCluster) },
                from = MarketSetup.Iso(market.From.AddHours(1 + _random.Next(4))), // where the load's first bookings are
                until = (string?)null,
                reason = "chaos: node lost",
            };
            var key = $"chaos-outage-{Guid.NewGuid():N}";
            Reported[key] = null;
            sends.Add(SendAsync(key, cluster, body with { until = MarketSetup.Iso(DateTimeOffset.Parse(body.from).AddHours(3)) }));
        }
        await Task.WhenAll(sends);
    }

    private async Task SendAsync(string key, Guid cluster, object body)
    {
        var deadline = DateTime.UtcNow + options.RetryFor;
        for (var attempt = 0; DateTime.UtcNow < deadline; attempt++)
        {
            var gateway = gateways()[attempt % gateways().Count];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{gateway}/v1/clusters/{cluster}/outages") { Content = JsonContent.Create(body) };
                request.Headers.Authorization = new("Bearer", market.ProviderKey);
                request.Headers.Add("Idempotency-Key", key);
                using var response = await _http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var created = await response.Content.ReadFromJsonAsync<Created>();
                    Reported[key] = created!.Id;
                    return;
                }
                // 409: another outage already covers that node then; an answer, not a failure of the system.
                if (response.StatusCode == HttpStatusCode.Conflict) { Reported.TryRemove(key, out _); return; }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, attempt), 4000)));
        }
    }

    private sealed record Created(Guid Id);
}
