using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Gateway.Bids;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Gateway.OpenApi;

namespace Marketplace.Gateway.Market;

/// <summary>API.md "Market data, quotes and plans": quotes. The allocation service runs the market, so it quotes.</summary>
public static class QuoteEndpoints
{
    public static void MapQuoteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/quotes", Quote).RequireAuthorization(Roles.Tenant).WithName("QuoteBid").WithTags("Market").Returns<QuoteView>(200, 400, 403, 413);
    }

    /// <summary>The body of a bid, checked by the bid's own rules; nothing is placed, so no Idempotency-Key.</summary>
    private static Task<IResult> Quote(PlaceBidRequest body, HttpContext http, ServiceClient svc, TimeProvider clock)
    {
        var errors = body.Validate(clock.GetUtcNow());
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));

        var terms = new BidTerms(body.GpuModel!, body.GpuCount!.Value, body.DurationHours!.Value, body.EarliestStart!.Value.ToUniversalTime(),
            body.LatestStart!.Value.ToUniversalTime(), body.ToRegionList(), body.ToInterconnectRequirement(), body.MaxPricePerGpuHour!.Value,
            body.ExpiresAt?.ToUniversalTime());
        return svc.AskAsync<GetQuote, QuoteView>(new GetQuote(http.User.ToCaller(), terms), TypedResults.Ok, http.RequestAborted);
    }
}
