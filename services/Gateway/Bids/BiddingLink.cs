using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Hosting.Messaging;
using Marketplace.Hosting.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateway.Bids;

/// <summary>
/// Placements sent straight to a bidding instance over HTTP (docs/decisions/0016), instead of a request and an answer
/// through the broker: the same <see cref="PlaceBids"/>, signed over its body. The instances are
/// GatewayOptions.BiddingUrls, taken in turn; one that refuses the connection is left alone for a while.
/// <para>
/// <see cref="TryPlaceAsync"/> gives an answer, or a failure the client gets (the time ran out: 503, as the broker's way
/// answers), or nothing: no instance could take the batch, or its answer did not come, and the caller sends it through
/// the broker. Sending it there after it may have been placed here is safe: each placement carries its bid id and key,
/// so bidding answers one placed already as placed.
/// </para>
/// </summary>
public sealed class BiddingLink : IDisposable
{
    private const int RetryAfterSeconds = 5;
    /// <summary>How long an instance that refused a connection (stopped, restarting) is not tried.</summary>
    private static readonly TimeSpan RefusedPause = TimeSpan.FromSeconds(2);
    /// <summary>How long one that did not answer in time is not tried: the broker's way, meanwhile, as its breaker would.</summary>
    private static readonly TimeSpan SilentPause = TimeSpan.FromSeconds(RetryAfterSeconds);
    /// <summary>How long one that does not take direct placements (an older version, another signing key) is not tried.</summary>
    private static readonly TimeSpan RefusingPause = TimeSpan.FromSeconds(30);

    private readonly Uri[] _instances;
    private readonly long[] _pausedUntil;
    private readonly HttpClient _http;
    private readonly CallerSignature _signature;
    private readonly ILogger<BiddingLink> _logger;
    private readonly GatewayMetrics _metrics;
    private int _next = -1;

    public BiddingLink(IOptions<GatewayOptions> options, CallerSignature signature, GatewayMetrics metrics, ILogger<BiddingLink> logger)
    {
        _metrics = metrics;
        _instances = options.Value.BiddingUrls.Select(u => new Uri(new Uri(u), PlaceBids.DirectPath)).ToArray();
        _pausedUntil = new long[_instances.Length];
        _signature = signature;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            // On loopback or a LAN a refusal is immediate; a connect that hangs is an instance gone.
            ConnectTimeout = TimeSpan.FromSeconds(1),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AllowAutoRedirect = false,
        }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Batches answered this way so far.</summary>
    public long Answered => Interlocked.Read(ref _answered);
    private long _answered;

    /// <summary>Whether an instance may take a batch now: one is configured and not paused.</summary>
    public bool Open
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < _instances.Length; i++) if (Volatile.Read(ref _pausedUntil[i]) <= now) return true;
            return false;
        }
    }

    public async Task<(PlaceBidsAnswered? Answer, Func<IResult>? Failure)?> TryPlaceAsync(PlaceBids batch, TimeSpan wait)
    {
        if (_instances.Length == 0) return null;
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, MessageTypes.Json);
        var signature = _signature.SignBody(body);
        using var time = new CancellationTokenSource(wait);
        for (var tried = 0; tried < _instances.Length; tried++)
        {
            if (NextOpen() is not { } i) return null;
            using var request = new HttpRequestMessage(HttpMethod.Post, _instances[i]) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(CallerSignature.BodyHeader, signature);
            try
            {
                using var response = await _http.SendAsync(request, time.Token);
                if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadFromJsonAsync<PlaceBidsAnswered>(MessageTypes.Json, time.Token) is { } answer)
                {
                    Answer();
                    return (answer, null);
                }
                // Data the database cannot store: the client's answer, wherever it is asked.
                if (response.StatusCode == HttpStatusCode.BadRequest && await ReadProblemAsync(response, time.Token) is { Status: 400 } problem)
                {
                    Answer();
                    return (null, () => Problems.From(problem));
                }
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
                {
                    _logger.LogWarning("Bidding at {Instance} does not take direct placements ({Status}); they go through the broker for {Pause}",
                        _instances[i].Authority, (int)response.StatusCode, RefusingPause);
                    Pause(i, RefusingPause);
                }
                return null;
            }
            catch (OperationCanceledException) when (time.IsCancellationRequested)
            {
                // Sent, and not answered in time: whether it was placed is not known, as when the broker's way times out.
                _logger.LogWarning("Bidding at {Instance} did not answer a batch of {Count} placements in time", _instances[i].Authority, batch.Items.Count);
                Pause(i, SilentPause);
                return (null, () => Problems.Unavailable("The bidding service did not answer in time.", RetryAfterSeconds));
            }
            catch (Exception e) when (NotConnected(e))
            {
                // Nothing was sent: the next instance, or the broker.
                Pause(i, RefusedPause);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
            {
                // Sent, and the connection broke before the answer (the instance stopped under it): the broker's way.
                _logger.LogWarning("A direct placement batch to {Instance} got no answer ({Error}); it goes through the broker", _instances[i].Authority, e.Message);
                Pause(i, RefusedPause);
                return null;
            }
        }
        return null;
    }

    private void Answer()
    {
        Interlocked.Increment(ref _answered);
        _metrics.PlacementBatchSent(GatewayMetrics.Straight);
    }

    /// <summary>A refused connection, or one not made within the connect timeout (a cancellation that is not ours).</summary>
    private static bool NotConnected(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } || e is OperationCanceledException;

    private int? NextOpen()
    {
        var now = Stopwatch.GetTimestamp();
        for (var k = 0; k < _instances.Length; k++)
        {
            var i = (int)((uint)Interlocked.Increment(ref _next) % (uint)_instances.Length);
            if (Volatile.Read(ref _pausedUntil[i]) <= now) return i;
        }
        return null;
    }

    private void Pause(int instance, TimeSpan pause) =>
        Volatile.Write(ref _pausedUntil[instance], Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency));

    private static async Task<Problem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try { return await response.Content.ReadFromJsonAsync<Problem>(MessageTypes.Json, ct); }
        catch (JsonException) { return null; }
    }

    public void Dispose() => _http.Dispose();
}
