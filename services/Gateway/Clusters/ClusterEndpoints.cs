using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Gateway.OpenApi;

namespace Marketplace.Gateway.Clusters;

public sealed record InterconnectRequest(string? Kind, int? GbpsPerNode);
public sealed record CreateClusterRequest(
    string? Name, string? Region, string? GpuModel, int? GpusPerNode, int? NodeCount, InterconnectRequest? Interconnect,
    decimal? AskPricePerGpuHour, DateTimeOffset? AvailableFrom, DateTimeOffset? AvailableUntil);
public sealed record UpdateClusterRequest(string? Name, decimal? AskPricePerGpuHour, DateTimeOffset? AvailableUntil);

/// <summary>API.md "Clusters": the inventory service owns them; the gateway checks shape and role, then asks it.</summary>
public static class ClusterEndpoints
{
    private static readonly TimeSpan DefaultCalendarWindow = TimeSpan.FromDays(14);

    public static void MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        var clusters = app.MapGroup("/v1/clusters").RequireAuthorization().WithTags("Clusters");
        clusters.MapPost("/", Create).RequireAuthorization(Roles.Provider).WithIdempotency().WithName("CreateCluster").Returns<ClusterView>(201, 400, 403, 413);
        clusters.MapGet("/", List).WithName("ListClusters").Returns<ClusterPage>(200, 400);
        clusters.MapGet("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<GetCluster, ClusterView>(new GetCluster(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .WithName("GetCluster").Returns<ClusterView>(200, 404);
        clusters.MapPatch("/{id:guid}", Update).RequireAuthorization(Roles.Provider).WithName("UpdateCluster").Returns<ClusterView>(200, 400, 403, 404, 409, 413);
        clusters.MapDelete("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<DelistCluster, ClusterView>(new DelistCluster(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .RequireAuthorization(Roles.Provider).WithName("DelistCluster").Returns<ClusterView>(200, 403, 404);
        clusters.MapGet("/{id:guid}/calendar", Calendar).RequireAuthorization(Policies.ProviderOrAdmin).WithName("GetClusterCalendar").Returns<ClusterCalendar>(200, 400, 403, 404);
    }

    private static Task<IResult> Create(CreateClusterRequest body, HttpContext http, ServiceClient svc)
    {
        var errors = new ValidationErrors();
        MarketRules.ValidateListing(errors, body.Name, body.Region, body.GpuModel, body.GpusPerNode, body.NodeCount,
            body.Interconnect?.Kind, body.Interconnect?.GbpsPerNode, body.Interconnect is not null, body.AskPricePerGpuHour,
            body.AvailableFrom, body.AvailableUntil);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));

        var command = new ListCluster(http.User.ToCaller(), ResourceIds.For(http), body.Name!, body.Region!, body.GpuModel!,
            body.GpusPerNode!.Value, body.NodeCount!.Value, new Interconnect(body.Interconnect!.Kind!, body.Interconnect.GbpsPerNode!.Value),
            body.AskPricePerGpuHour!.Value, body.AvailableFrom!.Value.ToUniversalTime(), body.AvailableUntil!.Value.ToUniversalTime());
        return svc.AskAsync<ListCluster, ClusterView>(command, c => TypedResults.Created($"/v1/clusters/{c.Id}", c), http.RequestAborted);
    }

    private static Task<IResult> List(HttpContext http, ServiceClient svc, string? gpuModel = null, string? region = null,
        string? status = null, string? limit = null, string? cursor = null)
    {
        var errors = new ValidationErrors();
        var take = QueryValues.Limit(errors, limit);
        PageCursor.Validate(errors, take, cursor);
        errors.GpuModel("gpuModel", gpuModel);
        errors.Region("region", region);
        if (status is not null and not ("active" or "delisted")) errors.Add("status", "must be active or delisted");
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListClusters, ClusterPage>(new ListClusters(http.User.ToCaller(), gpuModel, region, status, take, cursor),
            TypedResults.Ok, http.RequestAborted);
    }

    private static Task<IResult> Update(Guid id, UpdateClusterRequest body, HttpContext http, ServiceClient svc)
    {
        var errors = new ValidationErrors();
        MarketRules.ValidateListingChange(errors, body.Name, body.AskPricePerGpuHour, body.AvailableUntil);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<UpdateCluster, ClusterView>(
            new UpdateCluster(http.User.ToCaller(), id, body.Name, body.AskPricePerGpuHour, body.AvailableUntil?.ToUniversalTime()),
            TypedResults.Ok, http.RequestAborted);
    }

    private static Task<IResult> Calendar(Guid id, HttpContext http, ServiceClient svc, TimeProvider clock, string? from = null, string? to = null)
    {
        var errors = new ValidationErrors();
        var start = QueryValues.Time(errors, "from", from) ?? Hours.FloorHour(clock.GetUtcNow());
        // The default window ends 14 days later, or at the end of representable time for a window that starts near it.
        var end = QueryValues.Time(errors, "to", to)
            ?? (start > DateTimeOffset.MaxValue - DefaultCalendarWindow ? DateTimeOffset.MaxValue : start + DefaultCalendarWindow);
        if (errors.IsValid && end <= start) errors.Add("to", "must be after from");
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<GetCalendar, ClusterCalendar>(new GetCalendar(http.User.ToCaller(), id, start, end), TypedResults.Ok, http.RequestAborted);
    }
}
