using System.Globalization;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;

namespace Marketplace.Gateway.Bids;

public sealed record InterconnectRequirementRequest(string? Kind, int? MinGbpsPerNode);
public sealed record PlaceBidRequest(
    string? GpuModel, int? GpuCount, int? DurationHours, DateTimeOffset? EarliestStart, DateTimeOffset? LatestStart,
    List<string?>? Regions, InterconnectRequirementRequest? Interconnect, decimal? MaxPricePerGpuHour, DateTimeOffset? ExpiresAt);

/// <summary>API.md "Bids": the bidding service owns them and is the authority on their status.</summary>
public static class BidEndpoints
{
    private static readonly string[] Statuses = ["open", "won", "cancelled", "expired"];

    public static void MapBidEndpoints(this IEndpointRouteBuilder app)
    {
        var bids = app.MapGroup("/v1/bids").RequireAuthorization();
        bids.MapPost("/", Place).RequireAuthorization(Roles.Tenant).WithIdempotency();
        bids.MapGet("/", List).RequireAuthorization(Policies.TenantOrAdmin);
        bids.MapGet("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<GetBid, BidView>(new GetBid(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .RequireAuthorization(Policies.TenantOrAdmin);
        bids.MapDelete("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<CancelBid, BidView>(new CancelBid(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .RequireAuthorization(Roles.Tenant);
    }

    private static Task<IResult> Place(PlaceBidRequest body, HttpContext http, ServiceClient svc, TimeProvider clock)
    {
        var errors = new ValidationErrors();
        MarketRules.ValidateBid(errors, clock.GetUtcNow(), body.GpuModel, body.GpuCount, body.DurationHours, body.EarliestStart,
            body.LatestStart, body.Regions, body.Interconnect?.Kind, body.Interconnect?.MinGbpsPerNode, body.MaxPricePerGpuHour, body.ExpiresAt);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));

        var interconnect = body.Interconnect is null ? null : new InterconnectRequirement(body.Interconnect.Kind, body.Interconnect.MinGbpsPerNode);
        var command = new PlaceBid(http.User.ToCaller(), ResourceIds.For(http), body.GpuModel!, body.GpuCount!.Value, body.DurationHours!.Value,
            body.EarliestStart!.Value.ToUniversalTime(), body.LatestStart!.Value.ToUniversalTime(), (body.Regions ?? []).Select(r => r!).ToList(),
            interconnect, body.MaxPricePerGpuHour!.Value, body.ExpiresAt?.ToUniversalTime());
        return svc.AskAsync<PlaceBid, BidView>(command, b => TypedResults.Created($"/v1/bids/{b.Id}", b), http.RequestAborted);
    }

    /// <summary>
    /// <paramref name="limit"/> is bound as text so that "limit=ten" gets the same field error as "limit=500",
    /// rather than the binder's generic 400 that names no field.
    /// </summary>
    private static Task<IResult> List(HttpContext http, ServiceClient svc, string? status = null, string? limit = null, string? cursor = null)
    {
        var errors = new ValidationErrors();
        var take = PageCursor.DefaultLimit;
        if (limit is not null && !int.TryParse(limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out take))
        {
            errors.Add("limit", $"must be a whole number between 1 and {PageCursor.MaxLimit}");
            take = PageCursor.DefaultLimit;
        }
        PageCursor.Validate(errors, take, cursor);
        if (status is not null && !Statuses.Contains(status)) errors.Add("status", "must be open, won, cancelled or expired");
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListBids, BidPage>(new ListBids(http.User.ToCaller(), status, take, cursor), TypedResults.Ok, http.RequestAborted);
    }
}
