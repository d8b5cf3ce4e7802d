using Marketplace.Contracts.Bidding;
using MassTransit;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// A tenant places a bid; it opens with BidsPlaced for the market (<see cref="PlacementDesk"/>). Kept for gateways older
/// than <see cref="PlaceBids"/> (ADR 0012), which send no Idempotency-Key with a placement: its answer, the bare bid or
/// problem, has no room for the replay mark.
/// </summary>
public sealed class PlaceBidConsumer(PlacementDesk desk) : IConsumer<PlaceBid>
{
    public async Task Consume(ConsumeContext<PlaceBid> context)
    {
        var outcome = await desk.PlaceAsync(context.Message);
        if (outcome.Bid is { } bid) await context.RespondAsync(bid);
        else await context.RespondAsync(outcome.Problem!);
    }
}

/// <summary>
/// Up to 24 placements at once on this endpoint (the default is 8): they wait together for a transaction in
/// <see cref="BidPlacements"/>, so more of them make bigger batches, and each holds no connection while it waits. No
/// more than the connection pool (Postgres:MaxPoolSize, 24), which a refused placement's lookup still uses.
/// </summary>
public sealed class PlaceBidConsumerDefinition : ConsumerDefinition<PlaceBidConsumer>
{
    public const int ConcurrencyLimit = 24;

    public PlaceBidConsumerDefinition() => Endpoint(e =>
    {
        e.PrefetchCount = ConcurrencyLimit;
        e.ConcurrentMessageLimit = ConcurrencyLimit;
    });
}

/// <summary>
/// A placement the gateway found invalid, sent with an Idempotency-Key: the key's first answer if it placed a bid (a
/// retry whose start went by since), 422 for another body, or an outcome with neither (<see cref="PlacementDesk.FindAsync"/>).
/// </summary>
public sealed class FindPlacementConsumer(PlacementDesk desk) : IConsumer<FindPlacement>
{
    public async Task Consume(ConsumeContext<FindPlacement> context) =>
        await context.RespondAsync(await desk.FindAsync(context.Message.Caller, context.Message.Key));
}
