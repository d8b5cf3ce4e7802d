using System.Diagnostics;
using Marketplace.Contracts.Bidding;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Hosting.Database;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateway.Bids;

/// <summary>
/// Placements travel to bidding together (issue 11, docs/decisions/0012): a POST that finds none on its way goes at
/// once, alone; those that arrive while one is out go in the next <see cref="PlaceBids"/>, one request and one answer
/// for all of them, instead of a request and an answer each through the broker. Each gets what <see cref="PlaceBid"/>
/// alone would get: its bid, its problem, or the failure of the call (503 when bidding did not answer).
/// <para>
/// No caller waits much longer than GatewayOptions.ServiceTimeout: a batch is given what is left of its oldest
/// placement's timeout, and a placement with less than a second of it left when its batch leaves (half its timeout,
/// if that is shorter), or whose client went away, is not sent (503; nothing was placed).
/// </para>
/// <para>
/// A batch goes straight to a bidding instance over HTTP when one takes it (<see cref="BiddingLink"/>,
/// docs/decisions/0016), and through the broker otherwise, with the time left.
/// </para>
/// </summary>
public sealed class PlaceBidBatcher
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);
    private const int RetryAfterSeconds = 5;
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<GatewayOptions> _options;
    private readonly IBusControl _bus;
    private readonly BiddingLink _link;
    private readonly GatewayMetrics _metrics;
    private readonly WriteBatcher<Waiting, Func<IResult>> _batcher;

    public PlaceBidBatcher(IServiceScopeFactory scopes, IOptions<GatewayOptions> options, IBusControl bus, BiddingLink link, GatewayMetrics metrics)
    {
        _metrics = metrics;
        _scopes = scopes;
        _options = options;
        _bus = bus;
        _link = link;
        _batcher = new(SendAsync, maxBatch: 128);
    }

    /// <summary>Requests sent so far: fewer than the placements when they travelled together.</summary>
    public long Requests => Interlocked.Read(ref _requests);
    private long _requests;

    /// <summary>Batches sent through the broker: no bidding instance took them straight (<see cref="BiddingLink"/>).</summary>
    public long SentThroughBroker => Interlocked.Read(ref _throughBroker);
    private long _throughBroker;

    /// <summary>
    /// With the broker away and no bidding instance to take it straight, 503 at once: a placement must not queue behind
    /// a batch that went out before the broker left and now waits for an answer that cannot come.
    /// </summary>
    public async Task<IResult> PlaceAsync(PlaceBid placement, CancellationToken aborted) =>
        !_link.Open && ServiceClient.IsBusDown(_bus) ? ServiceClient.BusDown()
            : (await _batcher.WriteAsync(new Waiting(placement, Stopwatch.GetTimestamp(), aborted)))();

    private async Task<IReadOnlyList<Func<IResult>>> SendAsync(IReadOnlyList<Waiting> items)
    {
        var timeout = _options.Value.ServiceTimeout;
        var floor = timeout / 2 < MinimumWait ? timeout / 2 : MinimumWait;
        var results = new Func<IResult>[items.Count];
        var sending = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Aborted.IsCancellationRequested || timeout - Stopwatch.GetElapsedTime(items[i].QueuedAt) < floor)
                results[i] = () => Problems.Unavailable("The bidding service did not answer in time.", RetryAfterSeconds);
            else sending.Add(i);
        }
        if (sending.Count == 0) return results;

        var oldest = sending.Min(i => items[i].QueuedAt);
        TimeSpan Left() => Max(timeout - Stopwatch.GetElapsedTime(oldest), floor);
        Interlocked.Increment(ref _requests);
        var batch = new PlaceBids(sending.ConvertAll(i => items[i].Placement));
        var (answer, failure) = await _link.TryPlaceAsync(batch, Left()) ?? await ThroughBrokerAsync(batch, Left());
        if (answer is not null && answer.Outcomes.Count != sending.Count)
            throw new InvalidOperationException($"Bidding answered {answer.Outcomes.Count} outcomes for {sending.Count} placements.");
        for (var k = 0; k < sending.Count; k++) results[sending[k]] = answer is null ? failure! : BidAnswers.Of(answer.Outcomes[k]);
        return results;
    }

    private async Task<(PlaceBidsAnswered?, Func<IResult>?)> ThroughBrokerAsync(PlaceBids batch, TimeSpan wait)
    {
        Interlocked.Increment(ref _throughBroker);
        _metrics.PlacementBatchSent(GatewayMetrics.ThroughBroker);
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ServiceClient>()
            .TryAskAsync<PlaceBids, PlaceBidsAnswered>(batch, CancellationToken.None, wait);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Waiting(PlaceBid Placement, long QueuedAt, CancellationToken Aborted);
}
