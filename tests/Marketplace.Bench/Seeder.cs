using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;

namespace Marketplace.Bench;

/// <summary>What seeding left in the databases.</summary>
public sealed record SeedResult(int Booked, int Open, TimeSpan Took);

/// <summary>
/// History for the "seeded" runs, made through the API only: a seed provider's H100 clusters in regions the benchmark
/// never asks for, N one-node one-hour bids restricted to them (placed as fast as the system takes them, 64 at a time),
/// the wait until they are booked, then M bids that can never fill and stay open through the benchmark (so every
/// later round carries them). This is setup, not measurement: a failed POST is retried with its Idempotency-Key.
/// </summary>
public sealed class Seeder(Api api, TextWriter log)
{
    public static readonly string[] Regions = ["ap-south-1", "ap-northeast-1", "sa-east-1"];
    /// <summary>Above the benchmark's limit, so its bids (which could not go there anyway) never price against them.</summary>
    private const decimal LowestAsk = 4.00m;
    private const decimal WinningLimit = 5.00m;
    private const decimal NeverFillLimit = 0.01m;
    /// <summary>About 1,000 one-hour bookings per 8-node cluster: 125 hours deep, far inside the 26 weeks listed.</summary>
    private const int BookingsPerCluster = 1_000;
    private const int Workers = 64;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);
    /// <summary>Waiting for the bookings gives up when the number of open bids has not dropped for this long.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromMinutes(5);

    public async Task<SeedResult> SeedAsync(string tag, int bookings, int open, int tenants)
    {
        var clock = Stopwatch.StartNew();
        var clusters = Math.Max(1, (bookings + BookingsPerCluster - 1) / BookingsPerCluster);
        log.WriteLine($"=== seeding: {clusters} clusters in {string.Join(", ", Regions)}, {bookings} bids to book, then {open} that never fill");
        var provider = await MarketBuilder.CreateOrganizationAsync(api, $"{tag}-provider", "provider");
        var tenantKeys = await MarketBuilder.CreateTenantsAsync(api, tag, tenants);
        await MarketBuilder.ListClustersAsync(api, provider, tag, clusters, Regions, LowestAsk);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the clusters reach the allocation service before the first bid

        await PlaceAsync(tag, "win", bookings, tenantKeys, WinningLimit);
        var booked = await WaitForBookingsAsync(tenantKeys, bookings);
        await PlaceAsync(tag, "open", open, tenantKeys, NeverFillLimit);
        log.WriteLine($"=== seeding done in {clock.Elapsed.TotalMinutes:0.0} min: {booked} booked, {open} open");
        return new SeedResult(booked, open, clock.Elapsed);
    }

    private async Task PlaceAsync(string tag, string what, int count, IReadOnlyList<string> tenantKeys, decimal limit)
    {
        if (count == 0) return;
        var earliest = MarketBuilder.NextHour();
        var clock = Stopwatch.StartNew();
        long next = -1, placed = 0;
        var retries = new StrongBox<long>();
        using var progress = new Timer(_ => log.WriteLine(
            $"    seed ({what}): {Interlocked.Read(ref placed)}/{count} placed, {Interlocked.Read(ref placed) / clock.Elapsed.TotalSeconds:0.0}/s, "
            + $"{Interlocked.Read(ref retries.Value)} retries"), null, ProgressEvery, ProgressEvery);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var body = new
                {
                    gpuModel = MarketBuilder.GpuModel, gpuCount = MarketBuilder.GpusPerNode, durationHours = 1,
                    earliestStart = MarketBuilder.Iso(earliest), latestStart = MarketBuilder.Iso(MarketBuilder.NextHour() + MarketBuilder.LatestStart),
                    regions = Regions, maxPricePerGpuHour = limit,
                };
                await PostWithRetriesAsync(tenantKeys[(int)(i % tenantKeys.Count)], body, $"{tag}-{what}-{i}", retries);
                Interlocked.Increment(ref placed);
            }
        })));
        log.WriteLine($"    seed ({what}): {count} placed in {clock.Elapsed.TotalSeconds:0} s ({count / clock.Elapsed.TotalSeconds:0.0}/s), {retries.Value} retries");
    }

    /// <summary>Retries what a retry can fix (no answer, 409 "in progress", 429, 5xx) with the same key; anything else is a bug here.</summary>
    private async Task PostWithRetriesAsync(string tenantKey, object body, string idempotencyKey, StrongBox<long> retries)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await api.SendAsync(HttpMethod.Post, "/v1/bids", tenantKey, body, idempotencyKey);
                return;
            }
            catch (Exception e) when (attempt < 30 && (e is TaskCanceledException
                || e is HttpRequestException { StatusCode: null or HttpStatusCode.Conflict or >= HttpStatusCode.InternalServerError }))
            {
                Interlocked.Increment(ref retries.Value);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        }
    }

    /// <summary>Waits until no seed bid is open (every one won), then until their bookings are all listed; returns how many are.</summary>
    private async Task<int> WaitForBookingsAsync(IReadOnlyList<string> tenantKeys, int expected)
    {
        var lowest = int.MaxValue;
        var lastDrop = Stopwatch.StartNew();
        while (true)
        {
            var open = (await Task.WhenAll(tenantKeys.Select(k => CountAsync("/v1/bids?status=open", k)))).Sum();
            log.WriteLine($"    seed: {open} bids still open");
            if (open == 0) break;
            if (open < lowest) { lowest = open; lastDrop.Restart(); }
            else if (lastDrop.Elapsed > Stalled) { log.WriteLine($"    seed: {open} bids stayed open for {Stalled.TotalMinutes:0} min; going on without them"); break; }
            await Task.Delay(ProgressEvery);
        }
        // A won bid's booking is listed once its nodes are confirmed, a moment after the bid became won.
        for (var attempt = 0; ; attempt++)
        {
            var booked = (await Task.WhenAll(tenantKeys.Select(k => CountAsync("/v1/bookings", k)))).Sum();
            log.WriteLine($"    seed: {booked}/{expected} booked");
            if (booked >= expected || attempt == 10) return booked;
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }

    private async Task<int> CountAsync(string path, string key)
    {
        var count = 0;
        await foreach (var _ in api.ListAsync(path, key)) count++;
        return count;
    }
}
