using Marketplace.Contracts.Bidding;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;

namespace Marketplace.Gateway.Bids;

/// <summary>What the client gets for a placement's outcome, from a batch or from <see cref="FindPlacement"/>.</summary>
public static class BidAnswers
{
    /// <summary>
    /// 201 and the bid (marked as replayed when its Idempotency-Key answered it: docs/decisions/0014), or the problem. A
    /// function, so that each of a batch's callers gets a result of its own.
    /// </summary>
    public static Func<IResult> Of(PlaceBidOutcome outcome) => outcome.Bid is { } bid
        ? outcome.Replayed
            ? () => IdempotencyKeys.Replayed(TypedResults.Created($"/v1/bids/{bid.Id}", bid))
            : () => TypedResults.Created($"/v1/bids/{bid.Id}", bid)
        : () => Problems.From(outcome.Problem!);
}
