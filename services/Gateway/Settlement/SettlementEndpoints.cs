using Dapper;
using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Npgsql;
using Marketplace.Gateway.OpenApi;

namespace Marketplace.Gateway.Settlement;

public sealed record UsageReportRequest(DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, decimal? DeliveredGpuHours, string? Note);
public sealed record StartReconciliationRequest(DateTimeOffset? From, DateTimeOffset? To);
public sealed record ResolveDiscrepancyRequest(string? Action, decimal? Amount, string? Note);

/// <summary>
/// API.md "Settlement" and the usage reports of "Bookings": the settlement service owns the ledger, usage reports and
/// reconciliations, and decides who sees what from the caller; the gateway checks roles and the shape of bodies.
/// </summary>
public static class SettlementEndpoints
{
    // The rules are SettlementRules (shared with the settlement service, the authority); checked here for early errors.

    public static void MapSettlementEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization();
        v1.MapGet("/ledger", Ledger).WithName("ListLedgerEntries").WithTags("Ledger").Returns<LedgerPage>(200, 400);
        v1.MapGet("/organizations/{id:guid}/balance", Balance).WithName("GetBalance").WithTags("Ledger").Returns<BalanceView>(200, 404);

        v1.MapPost("/bookings/{id:guid}/usage", ReportUsage).RequireAuthorization(Roles.Provider).WithIdempotency()
            .WithName("ReportUsage").WithTags("Usage").Returns<UsageReportView>(201, 400, 403, 404, 409, 413);
        v1.MapGet("/bookings/{id:guid}/usage", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<ListUsageReports, UsageReportList>(new ListUsageReports(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .WithName("ListUsageReports").WithTags("Usage").Returns<UsageReportList>(200, 404);
        v1.MapGet("/bookings/{id:guid}/usage/{reportId:guid}", (Guid id, Guid reportId, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<GetUsageReport, UsageReportView>(new GetUsageReport(http.User.ToCaller(), id, reportId), TypedResults.Ok, http.RequestAborted))
            .WithName("GetUsageReport").WithTags("Usage").Returns<UsageReportView>(200, 404);

        var reconciliations = v1.MapGroup("/reconciliations").RequireAuthorization(Roles.Admin);
        reconciliations.MapPost("/", StartReconciliation).WithIdempotency().WithName("StartReconciliation").WithTags("Reconciliations").Returns<ReconciliationStarted>(202, 400, 403, 413);
        reconciliations.MapGet("/", ListReconciliations).WithName("ListReconciliations").WithTags("Reconciliations").Returns<ReconciliationPage>(200, 400, 403);
        reconciliations.MapGet("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<GetReconciliation, ReconciliationView>(new GetReconciliation(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .WithName("GetReconciliation").WithTags("Reconciliations").Returns<ReconciliationView>(200, 403, 404);
        v1.MapPost("/discrepancies/{id:guid}/resolve", Resolve).RequireAuthorization(Roles.Admin).WithIdempotency()
            .WithName("ResolveDiscrepancy").WithTags("Reconciliations").Returns<DiscrepancyView>(200, 400, 403, 404, 409, 413);
    }

    private static Task<IResult> Ledger(HttpContext http, ServiceClient svc, Guid? organizationId = null, Guid? bookingId = null,
        int limit = PageCursor.DefaultLimit, string? cursor = null)
    {
        var errors = new ValidationErrors();
        PageCursor.Validate(errors, limit, cursor);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListLedgerEntries, LedgerPage>(new ListLedgerEntries(http.User.ToCaller(), organizationId, bookingId, limit, cursor),
            TypedResults.Ok, http.RequestAborted);
    }

    private static async Task<IResult> Balance(Guid id, HttpContext http, ServiceClient svc, NpgsqlDataSource db)
    {
        // Another organization's balance is refused before any lookup, with the answer an unknown id gets: a lookup
        // first would answer existing ids measurably later, and so tell which ids exist.
        if (http.User.Role() != Roles.Admin && id != http.User.OrganizationId()) return NoSuchOrganization();
        // Organizations are the gateway's own records: an id that names none is "not found" even for an admin.
        await using (var connection = await db.OpenConnectionAsync(http.RequestAborted))
        {
            if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from organizations where id = @id)", new { id }))
                return NoSuchOrganization();
        }
        return await svc.AskAsync<GetBalance, BalanceView>(new GetBalance(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted);
    }

    private static IResult NoSuchOrganization() => Problems.Result(404, "No organization with that id.");

    private static Task<IResult> ReportUsage(Guid id, UsageReportRequest body, HttpContext http, ServiceClient svc)
    {
        var errors = new ValidationErrors();
        SettlementRules.ValidateUsageReport(errors, body.PeriodStart, body.PeriodEnd, body.DeliveredGpuHours, body.Note);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));

        var command = new ReportUsage(http.User.ToCaller(), ResourceIds.For(http), id, body.PeriodStart!.Value.ToUniversalTime(),
            body.PeriodEnd!.Value.ToUniversalTime(), body.DeliveredGpuHours!.Value, body.Note);
        return svc.AskAsync<ReportUsage, UsageReportView>(command,
            r => TypedResults.Created($"/v1/bookings/{r.BookingId}/usage/{r.Id}", r), http.RequestAborted);
    }

    private static Task<IResult> StartReconciliation(StartReconciliationRequest body, HttpContext http, ServiceClient svc)
    {
        var errors = new ValidationErrors();
        SettlementRules.ValidateReconciliationPeriod(errors, body.From, body.To);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));

        var command = new StartReconciliation(http.User.ToCaller(), ResourceIds.For(http), body.From!.Value.ToUniversalTime(), body.To!.Value.ToUniversalTime());
        return svc.AskAsync<StartReconciliation, ReconciliationStarted>(command,
            r => TypedResults.Accepted($"/v1/reconciliations/{r.Id}", r), http.RequestAborted);
    }

    private static Task<IResult> ListReconciliations(HttpContext http, ServiceClient svc, int limit = PageCursor.DefaultLimit, string? cursor = null)
    {
        var errors = new ValidationErrors();
        PageCursor.Validate(errors, limit, cursor);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListReconciliations, ReconciliationPage>(new ListReconciliations(http.User.ToCaller(), limit, cursor),
            TypedResults.Ok, http.RequestAborted);
    }

    private static Task<IResult> Resolve(Guid id, ResolveDiscrepancyRequest body, HttpContext http, ServiceClient svc)
    {
        var errors = new ValidationErrors();
        SettlementRules.ValidateResolution(errors, body.Action, body.Amount, body.Note);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ResolveDiscrepancy, DiscrepancyView>(new ResolveDiscrepancy(http.User.ToCaller(), id, body.Action!, body.Amount, body.Note),
            TypedResults.Ok, http.RequestAborted);
    }
}
