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
    /// </summary>
    public static async Task<bool> WaitUntilExpiriesToldAsync(Api api, IReadOnlyList<string> tenantKeys, IEnumerable<PostRecord> accepted, TimeSpan timeout)
    {
        var expected = accepted.GroupBy(p => p.Tenant).ToDictionary(g => g.Key, g => g.Count());
        var told = new int[tenantKeys.Count];
        var feeds = new TenantFeeds(api, tenantKeys);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await feeds.ReadNewAsync((t, e) => { if (e["type"]!.GetValue<string>() == "bid.expired") Interlocked.Increment(ref told[t]); });
            if (expected.All(e => told[e.Key] >= e.Value)) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// When the last of <paramref name="bookedBids"/> was confirmed, as the system recorded it: the latest <c>at</c> of
    /// the tenants' <c>booking.confirmed</c> events for those bids (the moment allocation sent the confirmation, one step
    /// after the booking is first listed). Waits until the feeds tell every one of them, at most <paramref name="timeout"/>;
    /// null when they did not. Unlike the booking watcher's polls, this does not count the time the benchmark's own
    /// reads of the booking lists take.
    /// </summary>
    public static async Task<DateTimeOffset?> LastConfirmedAtAsync(Api api, IReadOnlyList<string> tenantKeys, IReadOnlySet<Guid> bookedBids, TimeSpan timeout)
    {
        var confirmed = new HashSet<Guid>();
        var last = DateTimeOffset.MinValue;
        var feeds = new TenantFeeds(api, tenantKeys);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await feeds.ReadNewAsync((_, e) =>
            {
                if (e["type"]!.GetValue<string>() != "booking.confirmed") return;
                var bid = e["data"]!["bidId"]!.GetValue<Guid>();
                if (!bookedBids.Contains(bid)) return;
                var at = e["at"]!.GetValue<DateTimeOffset>();
                lock (confirmed)
                {
                    confirmed.Add(bid);
                    if (at > last) last = at;
                }
            });
            if (confirmed.Count >= bookedBids.Count) return last;
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
