using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Bidding.Bids;

/// <summary>A tenant places a bid; it opens with BidsPlaced for the market. Create-by-id makes a repeat return the first.</summary>
public sealed class PlaceBidConsumer(Db db, TimeProvider clock, IOptions<BiddingOptions> options, BidPlacements placements) : IConsumer<PlaceBid>
{
    public async Task Consume(ConsumeContext<PlaceBid> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Tenant) { await context.RespondForbiddenAsync("Only tenants place bids."); return; }

        var errors = new ValidationErrors();
        MarketRules.ValidateBid(errors, clock.GetUtcNow(), m.GpuModel, m.GpuCount, m.DurationHours, m.EarliestStart, m.LatestStart,
            m.Regions, m.Interconnect?.Kind, m.Interconnect?.MinGbpsPerNode, m.MaxPricePerGpuHour, m.ExpiresAt);
        if (!errors.IsValid)
        {
            // A retry of a placed bid gets that bid even when its body no longer passes (its start went by meanwhile).
            await using var uow = await db.BeginAsync(context.CancellationToken);
            if (await Bids.LoadAsync(uow, m.BidId) is { } placedBefore) await RespondExistingAsync(context, placedBefore);
            else await context.RespondInvalidAsync(errors);
            return;
        }

        var placement = await placements.PlaceAsync(m);
        if (placement.Bid is null)
            await context.RespondQuotaExceededAsync(
                $"A tenant may have at most {options.Value.MaxOpenBidsPerTenant} open bids at a time; cancel one, or wait until one wins or expires.");
        else if (placement.IsNew) await context.RespondAsync(placement.Bid.ToView());
        else await RespondExistingAsync(context, placement.Bid);
    }

    /// <summary>The id was placed before (a retry through the gateway's Idempotency-Key): the owner gets that bid.</summary>
    private static Task RespondExistingAsync(ConsumeContext<PlaceBid> context, BidRow existing) =>
        existing.TenantId == context.Message.Caller.OrganizationId
            ? context.RespondAsync(existing.ToView())
            : context.RespondProblemAsync(409, "Conflict", "That bid id is taken.");
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
