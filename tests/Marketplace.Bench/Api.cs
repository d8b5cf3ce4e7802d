using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Marketplace.Bench;

/// <summary>
/// The gateway as the benchmark calls it. Setup calls (<see cref="SendAsync"/>) throw on failure; the measured
/// POSTs (<see cref="TryPostAsync"/>) never throw and are never retried: a benchmark counts failures, it does not hide them.
/// </summary>
public sealed class Api : IDisposable
{
    /// <summary>Longer than the gateway's own service timeout (10 s), so a slow answer is the gateway's, not ours.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    public Api(string gateway, string adminKey)
    {
        AdminKey = adminKey;
        // Enough connections for the open loop's bound; requests beyond it wait in the handler and still count as in flight.
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5),
        }) { BaseAddress = new Uri(gateway), Timeout = RequestTimeout };
    }

    public string AdminKey { get; }

    /// <summary>One call that must succeed; 429 and 503 (nothing was changed) are retried after a pause.</summary>
    public async Task<JsonNode> SendAsync(HttpMethod method, string path, string key, object? body = null, string? idempotencyKey = null,
        CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = Request(method, path, key, body, idempotencyKey);
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode) return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
            if ((int)response.StatusCode is 429 or 503 && attempt < 10) { await Task.Delay(TimeSpan.FromSeconds(attempt), ct); continue; }
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }
    }

    /// <summary>A measured POST: its status (0 when no answer came: refused, reset or timed out) and, on 201, the resource.</summary>
    public async Task<(int Status, JsonNode? Created)> TryPostAsync(string path, string key, object body, string idempotencyKey)
    {
        try
        {
            using var request = Request(HttpMethod.Post, path, key, body, idempotencyKey);
            using var response = await _http.SendAsync(request);
            if ((int)response.StatusCode != 201) return ((int)response.StatusCode, null);
            return (201, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (0, null);
        }
    }

    /// <summary>Every item of a list, page after page with the cursors (newest first, as the API lists).</summary>
    public async IAsyncEnumerable<JsonNode> ListAsync(string path, string key, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        var separator = path.Contains('?') ? '&' : '?';
        do
        {
            var page = await SendAsync(HttpMethod.Get,
                $"{path}{separator}limit=200{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", key, ct: ct);
            foreach (var item in page["items"]!.AsArray()) yield return item!;
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key, object? body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public void Dispose() => _http.Dispose();
}
