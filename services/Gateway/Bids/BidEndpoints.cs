using System.Globalization;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Gateway.OpenApi;

namespace Marketplace.Gateway.Bids;

public sealed record InterconnectRequirementRequest(string? Kind, int? MinGbpsPerNode);
public sealed record PlaceBidRequest(
    string? GpuModel, int? GpuCount, int? DurationHours, DateTimeOffset? EarliestStart, DateTimeOffset? LatestStart,
    List<string?>? Regions, InterconnectRequirementRequest? Interconnect, decimal? MaxPricePerGpuHour, DateTimeOffset? ExpiresAt)
{
    /// <summary>API.md's bid rules, for a bid placed (POST /v1/bids) or quoted (POST /v1/quotes).</summary>
    public ValidationErrors Validate(DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        MarketRules.ValidateBid(errors, now, GpuModel, GpuCount, DurationHours, EarliestStart, LatestStart, Regions,
            Interconnect?.Kind, Interconnect?.MinGbpsPerNode, MaxPricePerGpuHour, ExpiresAt);
        return errors;
    }

    /// <summary>The interconnect requirement as the services take it (methods, not properties: not part of the body).</summary>
    public InterconnectRequirement? ToInterconnectRequirement() =>
        Interconnect is null ? null : new InterconnectRequirement(Interconnect.Kind, Interconnect.MinGbpsPerNode);

    public IReadOnlyList<string> ToRegionList() => (Regions ?? []).Select(r => r!).ToList();
}

/// <summary>API.md "Bids": the bidding service owns them and is the authority on their status.</summary>
public static class BidEndpoints
{
    private static readonly string[] Statuses = ["open", "won", "cancelled", "expired"];

    public static void MapBidEndpoints(this IEndpointRouteBuilder app)
    {
        var bids = app.MapGroup("/v1/bids").RequireAuthorization().WithTags("Bids");
        bids.MapPost("/", Place).RequireAuthorization(Roles.Tenant).WithIdempotencyKeptByService().WithName("PlaceBid").Returns<BidView>(201, 400, 403, 413);
        bids.MapGet("/", List).RequireAuthorization(Policies.TenantOrAdmin).WithName("ListBids").Returns<BidPage>(200, 400, 403);
        bids.MapGet("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<GetBid, BidView>(new GetBid(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .RequireAuthorization(Policies.TenantOrAdmin).WithName("GetBid").Returns<BidView>(200, 403, 404);
        bids.MapDelete("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<CancelBid, BidView>(new CancelBid(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .RequireAuthorization(Roles.Tenant).WithName("CancelBid").Returns<BidView>(200, 403, 404, 409);
    }

    /// <summary>
    /// Bidding keeps a placement's Idempotency-Key with the bid, in the placement's transaction (docs/decisions/0014):
    /// the gateway reads the key and hashes the request, and writes nothing of its own. A body that no longer passes the
    /// rules may be the retry of a placement made before (its start went by since), so with a key bidding is asked what
    /// the key placed before the body is refused.
    /// </summary>
    private static async Task<IResult> Place(PlaceBidRequest body, HttpContext http, PlaceBidBatcher placements, ServiceClient svc, TimeProvider clock)
    {
        var (key, malformed) = IdempotencyKeys.Read(http);
        if (malformed is not null) return malformed;
        var placementKey = key is null ? null : new PlacementKey(key, IdempotencyKeys.RequestHash(http, body));
        var caller = http.User.ToCaller();
        var errors = body.Validate(clock.GetUtcNow());
        if (!errors.IsValid)
            return placementKey is null ? Problems.Invalid(errors)
                : await svc.AskAsync<FindPlacement, PlaceBidOutcome>(new FindPlacement(caller, placementKey),
                    found => found.Bid is null && found.Problem is null ? Problems.Invalid(errors) : BidAnswers.Of(found)(),
                    http.RequestAborted);

        var command = new PlaceBid(caller, Guid.CreateVersion7(), body.GpuModel!, body.GpuCount!.Value, body.DurationHours!.Value,
            body.EarliestStart!.Value.ToUniversalTime(), body.LatestStart!.Value.ToUniversalTime(), body.ToRegionList(),
            body.ToInterconnectRequirement(), body.MaxPricePerGpuHour!.Value, body.ExpiresAt?.ToUniversalTime(), placementKey);
        return await placements.PlaceAsync(command, http.RequestAborted);
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
