using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Gateway.Clusters;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Gateway.OpenApi;

namespace Marketplace.Gateway.Market;

/// <summary>API.md "Market data": any organization may read it; allocation owns the series and the market's view.</summary>
public static class MarketDataEndpoints
{
    public static void MapMarketDataEndpoints(this IEndpointRouteBuilder app)
    {
        var market = app.MapGroup("/v1/market").RequireAuthorization().WithTags("Market");
        market.MapGet("/prices", Prices).RequiresQuery("gpuModel").WithName("GetMarketPrices").Returns<PriceHistoryView>(200, 400);
        market.MapGet("/depth", Depth).RequiresQuery("gpuModel").WithName("GetMarketDepth").Returns<MarketDepthView>(200, 400);
    }

    /// <summary>Query values are read as text so that an unparsable one gets a field error under its own name.</summary>
    private static Task<IResult> Prices(HttpContext http, ServiceClient svc, TimeProvider clock, string? gpuModel = null, string? region = null,
        string? interval = null, string? from = null, string? to = null)
    {
        var errors = new ValidationErrors();
        var start = QueryValues.Time(errors, "from", from);
        var end = QueryValues.Time(errors, "to", to);
        MarketDataRules.ValidatePrices(errors, gpuModel, region, interval, start, end);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        var (windowFrom, windowTo) = MarketDataRules.Window(clock.GetUtcNow(), start, end);
        // A window made of one given end and a default one is checked like a given window.
        MarketDataRules.ValidatePrices(errors, gpuModel, region, interval, windowFrom, windowTo);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<GetPriceHistory, PriceHistoryView>(
            new GetPriceHistory(http.User.ToCaller(), gpuModel!, region, interval ?? "day", windowFrom, windowTo), TypedResults.Ok, http.RequestAborted);
    }

    private static Task<IResult> Depth(HttpContext http, ServiceClient svc, string? gpuModel = null, string? region = null)
    {
        var errors = new ValidationErrors();
        MarketDataRules.ValidateMarket(errors, gpuModel, region);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<GetMarketDepth, MarketDepthView>(new GetMarketDepth(http.User.ToCaller(), gpuModel!, region), TypedResults.Ok, http.RequestAborted);
    }
}
