using Marketplace.Contracts.Bidding;
using MassTransit;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// A gateway's placements that arrived together (issue 11): one request and one answer for all of them, each item
/// answered as <see cref="PlaceBidConsumer"/> would answer it alone.
/// </summary>
public sealed class PlaceBidsConsumer(PlacementDesk desk) : IConsumer<PlaceBids>
{
    public async Task Consume(ConsumeContext<PlaceBids> context) =>
        await context.RespondAsync(new PlaceBidsAnswered(await desk.PlaceAllAsync(context.Message.Items)));
}

/// <summary>
/// Several batches at once (one per gateway instance, and a gateway sends its next while this one's answer travels):
/// their placements meet in <see cref="BidPlacements"/>, so they share transactions too.
/// </summary>
public sealed class PlaceBidsConsumerDefinition : ConsumerDefinition<PlaceBidsConsumer>
{
    public const int ConcurrencyLimit = 8;

    public PlaceBidsConsumerDefinition() => Endpoint(e =>
    {
        e.PrefetchCount = ConcurrencyLimit;
        e.ConcurrentMessageLimit = ConcurrencyLimit;
    });
}
