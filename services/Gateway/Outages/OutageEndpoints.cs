using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Gateway.Clusters;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.OpenApi;
using Marketplace.Gateway.ServiceCalls;

namespace Marketplace.Gateway.Outages;

public sealed record ReportOutageRequest(IReadOnlyList<int>? NodeIndexes, DateTimeOffset? From, DateTimeOffset? Until, string? Reason);
public sealed record EndOutageRequest(DateTimeOffset? At);

/// <summary>API.md "Outages": inventory owns them; what each did to bookings (moved, credited) fills in as allocation handles it.</summary>
public static class OutageEndpoints
{
    public static void MapOutageEndpoints(this IEndpointRouteBuilder app)
    {
        var byCluster = app.MapGroup("/v1/clusters/{id:guid}/outages").RequireAuthorization(Policies.ProviderOrAdmin);
        byCluster.MapPost("/", Report).WithIdempotency().WithName("ReportOutage").WithTags("Outages").Returns<OutageView>(201, 400, 403, 404, 409, 413);
        byCluster.MapGet("/", List).WithName("ListOutages").WithTags("Outages").Returns<OutagePage>(200, 400, 403, 404);
        app.MapPost("/v1/outages/{id:guid}/end", End).RequireAuthorization(Policies.ProviderOrAdmin).WithName("EndOutage").WithTags("Outages").Returns<OutageView>(200, 400, 403, 404, 409, 413);
    }

    private static Task<IResult> Report(Guid id, ReportOutageRequest body, HttpContext http, ServiceClient svc, TimeProvider clock)
    {
        var errors = new ValidationErrors();
        OutageRules.ValidateReport(errors, clock.GetUtcNow(), body.NodeIndexes, body.From, body.Until, body.Reason);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        var command = new ReportOutage(http.User.ToCaller(), ResourceIds.For(http), id, body.NodeIndexes, body.From!.Value.ToUniversalTime(),
            body.Until?.ToUniversalTime(), body.Reason!);
        return svc.AskAsync<ReportOutage, OutageView>(command, o => TypedResults.Created($"/v1/clusters/{id}/outages/{o.Id}", o), http.RequestAborted);
    }

    private static Task<IResult> List(Guid id, HttpContext http, ServiceClient svc, string? limit = null, string? cursor = null)
    {
        var errors = new ValidationErrors();
        var take = QueryValues.Limit(errors, limit);
        PageCursor.Validate(errors, take, cursor);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListOutages, OutagePage>(new ListOutages(http.User.ToCaller(), id, take, cursor), TypedResults.Ok, http.RequestAborted);
    }

    private static Task<IResult> End(Guid id, EndOutageRequest body, HttpContext http, ServiceClient svc)
    {
        var errors = new ValidationErrors();
        OutageRules.ValidateEnd(errors, body.At);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<EndOutage, OutageView>(new EndOutage(http.User.ToCaller(), id, body.At!.Value.ToUniversalTime()), TypedResults.Ok,
            http.RequestAborted);
    }
}
