using System.Diagnostics;
using Marketplace.Contracts.Bidding;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateway.Bids;

/// <summary>
/// Placements travel to bidding together (issue 11, docs/decisions/0012): a POST that finds none on its way goes at
/// once, alone; those that arrive while one is out go in the next <see cref="PlaceBids"/>, one request and one answer
/// for all of them, instead of a request and an answer each through the broker. Each gets what <see cref="PlaceBid"/>
/// alone would get: its bid, its problem, or the failure of the call (503 when bidding did not answer).
/// <para>
/// A placement waits for the batch before its own at most once, and its own batch waits only what is left of its
/// timeout (at least a second), so no caller waits much longer than GatewayOptions.ServiceTimeout.
/// </para>
/// </summary>
public sealed class PlaceBidBatcher
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<GatewayOptions> _options;
    private readonly WriteBatcher<(PlaceBid Placement, long QueuedAt), Func<IResult>> _batcher;

    public PlaceBidBatcher(IServiceScopeFactory scopes, IOptions<GatewayOptions> options)
    {
        _scopes = scopes;
        _options = options;
        _batcher = new(SendAsync, maxBatch: 64);
    }

    /// <summary>Requests sent so far: fewer than the placements when they travelled together.</summary>
    public long Requests => _batcher.Batches;

    public async Task<IResult> PlaceAsync(PlaceBid placement) => (await _batcher.WriteAsync((placement, Stopwatch.GetTimestamp())))();

    private async Task<IReadOnlyList<Func<IResult>>> SendAsync(IReadOnlyList<(PlaceBid Placement, long QueuedAt)> items)
    {
        var waited = Stopwatch.GetElapsedTime(items.Min(i => i.QueuedAt));
        var timeout = _options.Value.ServiceTimeout - waited;
        await using var scope = _scopes.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ServiceClient>();
        var (answer, failure) = await service.TryAskAsync<PlaceBids, PlaceBidsAnswered>(
            new PlaceBids(items.Select(i => i.Placement).ToList()), CancellationToken.None, timeout < MinimumWait ? MinimumWait : timeout);
        if (answer is null) return Enumerable.Repeat(failure!, items.Count).ToList();
        if (answer.Outcomes.Count != items.Count)
            throw new InvalidOperationException($"Bidding answered {answer.Outcomes.Count} outcomes for {items.Count} placements.");
        return answer.Outcomes.Select(Result).ToList();
    }

    private static Func<IResult> Result(PlaceBidOutcome outcome) => outcome.Bid is { } bid
        ? () => TypedResults.Created($"/v1/bids/{bid.Id}", bid)
        : () => Problems.From(outcome.Problem!);
}
