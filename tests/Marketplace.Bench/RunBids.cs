using System.Collections.Concurrent;

namespace Marketplace.Bench;

/// <summary>What the bid lists say about a run's bids once the sending is over.</summary>
public static class RunBids
{
    /// <summary>Bid → won of each of the run's bids that won: its own createdAt → updatedAt (the moment it became won), in seconds.</summary>
    public static async Task<IReadOnlyList<double>> SecondsToWinAsync(Api api, IReadOnlyList<string> tenantKeys, IReadOnlySet<Guid> runBids)
    {
        var seconds = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(tenantKeys, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (key, ct) =>
        {
            await foreach (var bid in api.ListAsync("/v1/bids?status=won", key, ct))
                if (runBids.Contains(bid["id"]!.GetValue<Guid>()))
                    seconds.Add((bid["updatedAt"]!.GetValue<DateTimeOffset>() - bid["createdAt"]!.GetValue<DateTimeOffset>()).TotalSeconds);
        });
        return seconds.ToList();
    }

    /// <summary>Waits until none of the tenants has an open bid (the accept path's bids expired), at most <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilNoneOpenAsync(Api api, IReadOnlyList<string> tenantKeys, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var open = await Task.WhenAll(tenantKeys.Select(async key =>
                (await api.SendAsync(HttpMethod.Get, "/v1/bids?status=open&limit=1", key))["items"]!.AsArray().Count));
            if (open.Sum() == 0) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }
    /// <summary>
    /// Waits until each tenant's event feed tells the expiry of every bid it had accepted (notifications is the last
    /// service an expiry reaches), at most <paramref name="timeout"/>: the next run must not pay for this one's expiries.
    /// Each feed is read on from where the last look stopped.
    /// </summary>
    public static async Task<bool> WaitUntilExpiriesToldAsync(Api api, IReadOnlyList<string> tenantKeys, IEnumerable<PostRecord> accepted, TimeSpan timeout)
    {
        const int limit = 100;
        var expected = accepted.GroupBy(p => p.Tenant).ToDictionary(g => g.Key, g => g.Count());
        var told = new int[tenantKeys.Count];
        var cursors = new string?[tenantKeys.Count];
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, tenantKeys.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (t, ct) =>
            {
                while (true)
                {
                    var after = cursors[t] is null ? "" : "&after=" + Uri.EscapeDataString(cursors[t]!);
                    var page = await api.SendAsync(HttpMethod.Get, $"/v1/events?limit={limit}{after}", tenantKeys[t], ct: ct);
                    var items = page["items"]!.AsArray();
                    told[t] += items.Count(i => i!["type"]!.GetValue<string>() == "bid.expired");
                    cursors[t] = page["nextCursor"]?.GetValue<string>() ?? cursors[t];
                    if (items.Count < limit) break;
                }
            });
            if (expected.All(e => told[e.Key] >= e.Value)) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
