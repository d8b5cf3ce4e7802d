using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Microsoft.Extensions.Options;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// What a placement is answered, whether it came alone (<see cref="PlaceBid"/>) or in a gateway's batch
/// (<see cref="PlaceBids"/>): the caller's role, the market's rules, the tenant's quota, the Idempotency-Key (a key that
/// placed a bid answers it as first answered, docs/decisions/0014), an id placed before.
/// </summary>
public sealed class PlacementDesk(Db db, TimeProvider clock, IOptions<BiddingOptions> options, BidPlacements placements, ILogger<PlacementDesk> logger)
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

        var placing = placements.PlaceEachAsync(valid.ConvertAll(i => batch[i]));
        try { await Task.WhenAll(placing); }
        catch (Exception) when (placing.Any(p => p.IsCompletedSuccessfully))
        {
            // Some were placed, some refused by the database: each is answered its own outcome below.
        }
        // (When every placement failed, the database away or one alone refused, the request fails as a lone placement
        // would: the exception leaves, and the gateway answers 503, or 400 for data it cannot store.)
        for (var k = 0; k < valid.Count; k++)
        {
            var m = batch[valid[k]];
            if (!placing[k].IsCompletedSuccessfully)
            {
                outcomes[valid[k]] = Failed(m, placing[k].Exception!.GetBaseException());
                continue;
            }
            var placement = placing[k].Result;
            outcomes[valid[k]] = placement.Result switch
            {
                PlacementResult.New => new PlaceBidOutcome(placement.Bid!.ToView(), null),
                PlacementResult.Replayed => Replay(placement.Bid!),
                PlacementResult.SameId => Existing(m, placement.Bid!),
                PlacementResult.KeyReused => Refused(ProblemAnswers.KeyReusedWithAnotherBody()),
                _ => Refused(ProblemAnswers.QuotaExceeded(
                    $"A tenant may have at most {options.Value.MaxOpenBidsPerTenant} open bids at a time; cancel one, or wait until one wins or expires.")),
            };
        }
        return outcomes;
    }

    /// <summary>A retry of a placed bid gets that bid even when its body no longer passes (its start went by meanwhile).</summary>
    private async Task<PlaceBidOutcome> InvalidAsync(PlaceBid m, ValidationErrors errors)
    {
        if (m.Key is not null && await FindAsync(m.Caller, m.Key) is { } keyed && (keyed.Bid is not null || keyed.Problem is not null)) return keyed;
        await using var uow = await db.BeginAsync();
        return await Bids.LoadAsync(uow, m.BidId) is { } placedBefore ? Existing(m, placedBefore) : Refused(ProblemAnswers.Invalid(errors));
    }

    /// <summary>
    /// What a placement's Idempotency-Key answers (placement_keys): the bid it placed, as first answered; 422 when it was
    /// given for another request; neither when it placed nothing (or was forgotten, 24 h after its first use). Read under
    /// the tenant's placement lock, so a placement with the key that is committing now is waited for, not missed.
    /// </summary>
    public async Task<PlaceBidOutcome> FindAsync(Caller caller, PlacementKey key)
    {
        if (caller.Role != Roles.Tenant) return Refused(ProblemAnswers.Forbidden("Only tenants place bids."));
        await using var uow = await db.BeginAsync();
        await uow.ExecuteAsync(BidPlacements.TenantLocks, new { tenants = new[] { caller.OrganizationId } });
        var kept = await uow.QuerySingleOrDefaultAsync<KeptKey>(
            "select request_hash = @hash as SameBody, bid_id as BidId from placement_keys where tenant_id = @tenant and key = @key",
            new { tenant = caller.OrganizationId, key = key.Key, hash = key.RequestHash });
        var bid = kept is null ? null : await Bids.LoadAsync(uow, kept.BidId);
        await uow.CommitAsync();
        return kept is null || bid is null ? new PlaceBidOutcome(null, null)
            : !kept.SameBody ? Refused(ProblemAnswers.KeyReusedWithAnotherBody())
            : Replay(bid);
    }

    /// <summary>The bid its Idempotency-Key placed, as its placement was first answered, marked as replayed.</summary>
    private static PlaceBidOutcome Replay(BidRow bid) => new(bid.AsPlaced(), null, Replayed: true);

    /// <summary>The id was placed before (a retry of the same message, or of an older gateway's keyed placement): the owner gets that bid.</summary>
    private static PlaceBidOutcome Existing(PlaceBid m, BidRow existing) =>
        existing.TenantId == m.Caller.OrganizationId
            ? new PlaceBidOutcome(existing.ToView(), null)
            : Refused(ProblemAnswers.Conflict("That bid id is taken."));

    /// <summary>
    /// One placement of a batch the database refused while others were placed (its transaction retried alone and rolled
    /// back, so nothing of it changed): data it cannot store is 400, a lost conflict 503 (retry), anything else a
    /// logged 500, as the request alone would have been answered.
    /// </summary>
    private PlaceBidOutcome Failed(PlaceBid m, Exception error)
    {
        if (DataErrors.AsProblem(error) is { } cannotBeStored) return Refused(cannotBeStored);
        if (TransientExceptions.Is(error) || DataErrors.Find(error)?.SqlState.StartsWith("40", StringComparison.Ordinal) == true)
            return Refused(new Problem(503, "Service Unavailable", "The bid could not be placed just now; nothing was changed. Try again.", null));
        logger.LogError(error, "Placing bid {BidId} of a batch failed", m.BidId);
        return Refused(new Problem(500, "Internal Server Error", "The service could not process this request; the failure has been logged.", null));
    }

    private static PlaceBidOutcome Refused(Problem problem) => new(null, problem);

    private sealed record KeptKey(bool SameBody, Guid BidId);
}
