using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Chaos;

/// <summary>
/// An open-loop load of bids, as careful clients send them: a new bid every 1/rate seconds whatever happens to the
/// earlier ones, each with its own Idempotency-Key, retried with that key on 429, 5xx, timeouts and dropped connections
/// (honouring Retry-After) until it is answered or <see cref="ChaosOptions.RetryFor"/> has passed.
/// </summary>
public sealed class LoadDriver(ChaosOptions options, MarketSetup market, Func<IReadOnlyList<string>> gateways)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(2), MaxConnectionsPerServer = 512,
    }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentBag<Task> _inFlight = [];
    private int _rotation;

    public ConcurrentDictionary<string, KeyRecord> Keys { get; } = new();
    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    /// <summary>Sends new bids at the configured rate until <paramref name="stop"/> fires; returns when all are answered or given up.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.BidsPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try { await Task.Delay(due, stop); }
                catch (OperationCanceledException) { break; }
            }
            var record = new KeyRecord($"chaos-{Guid.NewGuid():N}", (int)(i % market.TenantKeys.Count), DateTime.UtcNow);
            Keys[record.Key] = record;
            _inFlight.Add(SendAsync(record, options.RetryFor));
        }
        await Task.WhenAll(_inFlight);
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until some bid is accepted after <paramref name="after"/>.</summary>
    public async Task WaitForCreatedAfterAsync(DateTime after, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !Attempts.Any(a => a.Status == 201 && a.DoneAt >= after)) await Task.Delay(100);
    }

    /// <summary>The run's last pass: every key that never got its 201 is tried again until it does.</summary>
    public async Task AnswerEveryKeyAsync(TimeSpan deadline)
    {
        var open = Keys.Values.Where(k => k.BidId is null && !k.Refused).ToList();
        await Task.WhenAll(open.Select(k => SendAsync(k, deadline)));
    }

    /// <summary>Posts every key again with its body: each must answer the same bid, replayed.</summary>
    public async Task<(int Same, int Different, List<string> Examples)> ReplayEveryKeyAsync()
    {
        int same = 0, different = 0;
        var examples = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Keys.Values.Where(k => k.BidId is not null), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (k, ct) =>
        {
            // A 429 is the gateway's per-organization rate limit, not an answer about the key: wait as told and ask again
            // (at most a minute). Replays of completed keys are cheap, so 16 at once can outrun a tenant's limit.
            var (status, id, retryAfter) = await ReplayAsync(k, gateways()[0]);
            for (var giveUp = DateTime.UtcNow.AddMinutes(1); status == HttpStatusCode.TooManyRequests && DateTime.UtcNow < giveUp;)
            {
                await Task.Delay(retryAfter ?? TimeSpan.FromSeconds(1), ct);
                (status, id, retryAfter) = await ReplayAsync(k, gateways()[0]);
            }
            if (status == HttpStatusCode.Created && id == k.BidId) Interlocked.Increment(ref same);
            else { Interlocked.Increment(ref different); examples.Add($"{k.Key}: {(int)status} {id} (first {k.BidId})"); }
        });
        return (same, different, examples.Take(5).ToList());
    }

    /// <summary>One replay, bounded as every attempt of the run is: no answer in time is status 0, a different answer.</summary>
    private async Task<(HttpStatusCode Status, Guid? Id, TimeSpan? RetryAfter)> ReplayAsync(KeyRecord record, string gateway)
    {
        try
        {
            using var timeout = new CancellationTokenSource(AttemptTimeout);
            return await PostAsync(record, gateway, timeout.Token);
        }
        catch (Exception) { return (0, null, null); }
    }

    private async Task SendAsync(KeyRecord record, TimeSpan retryFor)
    {
        var giveUp = DateTime.UtcNow + retryFor;
        for (var attempt = 0; ; attempt++)
        {
            var all = gateways();
            var gateway = all[Interlocked.Increment(ref _rotation) % all.Count];
            var sent = DateTime.UtcNow;
            HttpStatusCode status;
            Guid? id;
            TimeSpan? retryAfter;
            try
            {
                using var timeout = new CancellationTokenSource(AttemptTimeout);
                (status, id, retryAfter) = await PostAsync(record, gateway, timeout.Token);
            }
            catch (Exception)
            {
                (status, id, retryAfter) = (0, null, null); // refused, reset or timed out: no answer
            }
            var done = DateTime.UtcNow;
            Attempts.Enqueue(new Attempt(sent, done, (int)status, attempt == 0));
            if (status == HttpStatusCode.Created)
            {
                record.BidId = id;
                record.AckedAt = done;
                return;
            }
            // 409 is the Idempotency-Key's "still in progress"; any other 4xx but 429 is a refusal that retrying cannot fix.
            if ((int)status is >= 400 and < 500 and not 409 and not 429)
            {
                record.Refused = true;
                record.RefusedWith = (int)status;
                return;
            }
            if (DateTime.UtcNow > giveUp) return;
            var backoff = retryAfter ?? TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, attempt), 4000) * (0.5 + Random.Shared.NextDouble() / 2));
            await Task.Delay(backoff < TimeSpan.FromSeconds(5) ? backoff : TimeSpan.FromSeconds(5));
        }
    }

    private async Task<(HttpStatusCode Status, Guid? Id, TimeSpan? RetryAfter)> PostAsync(KeyRecord record, string gateway, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{gateway}/v1/bids") { Content = JsonContent.Create(market.BidBody) };
        request.Headers.Authorization = new("Bearer", market.TenantKeys[record.Tenant]);
        request.Headers.Add("Idempotency-Key", record.Key);
        using var response = await _http.SendAsync(request, ct);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (response.StatusCode != HttpStatusCode.Created) return (response.StatusCode, null, retryAfter);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        return (response.StatusCode, body["id"]!.GetValue<Guid>(), null);
    }
}

/// <summary>One Idempotency-Key of the run: whose it is, when it was first sent, and the bid its 201 named.</summary>
public sealed class KeyRecord(string key, int tenant, DateTime firstSentAt)
{
    public string Key { get; } = key;
    public int Tenant { get; } = tenant;
    public DateTime FirstSentAt { get; } = firstSentAt;
    public Guid? BidId { get; set; }
    public DateTime? AckedAt { get; set; }
    public bool Refused { get; set; }
    public int RefusedWith { get; set; }
}

/// <summary>One HTTP attempt: when it was sent and answered, and the status (0: no answer).</summary>
public sealed record Attempt(DateTime SentAt, DateTime DoneAt, int Status, bool First);
