using Marketplace.Contracts.Bidding;
using MassTransit;

namespace Marketplace.Bidding.Bids;

/// <summary>A tenant places a bid; it opens with BidsPlaced for the market (<see cref="PlacementDesk"/>).</summary>
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
