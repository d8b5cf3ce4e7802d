using System.Text.Json.Nodes;

namespace Marketplace.Bench;

/// <summary>
/// The event feeds (<c>GET /v1/events</c>, oldest first) of a run's tenants, each read on from where the last read of
/// it stopped, so a wait that reads them again and again reads each event once.
/// </summary>
public sealed class TenantFeeds(Api api, IReadOnlyList<string> tenantKeys)
{
    private const int Limit = 100;
    private readonly string?[] _cursors = new string?[tenantKeys.Count];

    /// <summary>Reads every tenant's events that came since the last call; <paramref name="onEvent"/> gets the tenant's index and each event, from several threads.</summary>
    public Task ReadNewAsync(Action<int, JsonNode> onEvent) =>
        Parallel.ForEachAsync(Enumerable.Range(0, tenantKeys.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (t, ct) =>
        {
            while (true)
            {
                var after = _cursors[t] is null ? "" : "&after=" + Uri.EscapeDataString(_cursors[t]!);
                var page = await api.SendAsync(HttpMethod.Get, $"/v1/events?limit={Limit}{after}", tenantKeys[t], ct: ct);
                var items = page["items"]!.AsArray();
                foreach (var item in items) onEvent(t, item!);
                _cursors[t] = page["nextCursor"]?.GetValue<string>() ?? _cursors[t];
                if (items.Count < Limit) break;
            }
        });
}
