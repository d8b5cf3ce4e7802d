using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Microsoft.Extensions.Options;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// What a placement is answered, whether it came alone (<see cref="PlaceBid"/>) or in a gateway's batch
/// (<see cref="PlaceBids"/>): the caller's role, the market's rules, the tenant's quota, an id placed before. Create-by-id
/// makes a repeat answer the first.
/// </summary>
public sealed class PlacementDesk(Db db, TimeProvider clock, IOptions<BiddingOptions> options, BidPlacements placements)
{
    public async Task<PlaceBidOutcome> PlaceAsync(PlaceBid placement) => (await PlaceAllAsync([placement]))[0];

    /// <summary>
    /// The valid placements are placed together (one transaction when none is out; <see cref="BidPlacements"/>), each
    /// answered as it would be alone; the outcomes in the placements' order.
    /// </summary>
    public async Task<PlaceBidOutcome[]> PlaceAllAsync(IReadOnlyList<PlaceBid> batch)
    {
        var outcomes = new PlaceBidOutcome[batch.Count];
        var valid = new List<int>(batch.Count);
        var now = clock.GetUtcNow();
        for (var i = 0; i < batch.Count; i++)
        {
            var m = batch[i];
            if (m.Caller.Role != Roles.Tenant) { outcomes[i] = Refused(ProblemAnswers.Forbidden("Only tenants place bids.")); continue; }
            var errors = new ValidationErrors();
            MarketRules.ValidateBid(errors, now, m.GpuModel, m.GpuCount, m.DurationHours, m.EarliestStart, m.LatestStart,
                m.Regions, m.Interconnect?.Kind, m.Interconnect?.MinGbpsPerNode, m.MaxPricePerGpuHour, m.ExpiresAt);
            if (errors.IsValid) valid.Add(i);
            else outcomes[i] = await InvalidAsync(m, errors);
        }

        var placed = await placements.PlaceAllAsync(valid.ConvertAll(i => batch[i]));
        for (var k = 0; k < valid.Count; k++)
        {
            var (m, placement) = (batch[valid[k]], placed[k]);
            outcomes[valid[k]] = placement.Bid is null
                ? Refused(ProblemAnswers.QuotaExceeded(
                    $"A tenant may have at most {options.Value.MaxOpenBidsPerTenant} open bids at a time; cancel one, or wait until one wins or expires."))
                : placement.IsNew ? new PlaceBidOutcome(placement.Bid.ToView(), null)
                : Existing(m, placement.Bid);
        }
        return outcomes;
    }

    /// <summary>A retry of a placed bid gets that bid even when its body no longer passes (its start went by meanwhile).</summary>
    private async Task<PlaceBidOutcome> InvalidAsync(PlaceBid m, ValidationErrors errors)
    {
        await using var uow = await db.BeginAsync();
        return await Bids.LoadAsync(uow, m.BidId) is { } placedBefore ? Existing(m, placedBefore) : Refused(ProblemAnswers.Invalid(errors));
    }

    /// <summary>The id was placed before (a retry through the gateway's Idempotency-Key): the owner gets that bid.</summary>
    private static PlaceBidOutcome Existing(PlaceBid m, BidRow existing) =>
        existing.TenantId == m.Caller.OrganizationId
            ? new PlaceBidOutcome(existing.ToView(), null)
            : Refused(ProblemAnswers.Conflict("That bid id is taken."));

    private static PlaceBidOutcome Refused(Problem problem) => new(null, problem);
}
