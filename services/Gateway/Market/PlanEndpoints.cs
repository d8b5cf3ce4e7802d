using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Gateway.OpenApi;

namespace Marketplace.Gateway.Market;

public sealed record PlanRequest(
    double? ModelParameters, double? TrainingTokens, string? GpuModel, int? GpuCount, double? Mfu, DateTimeOffset? Deadline,
    decimal? Budget, double? FlopsPerToken);

/// <summary>API.md "Market data, quotes and plans": the training-run planner. Allocation plans: its prices are quotes.</summary>
public static class PlanEndpoints
{
    public static void MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/plans", Plan).RequireAuthorization().WithName("PlanTrainingRun").WithTags("Market").Returns<PlanView>(200, 400, 413);
    }

    private static Task<IResult> Plan(PlanRequest body, HttpContext http, ServiceClient svc, TimeProvider clock)
    {
        var errors = new ValidationErrors();
        TrainingRuns.Validate(errors, clock.GetUtcNow(), body.ModelParameters, body.TrainingTokens, body.GpuModel, body.GpuCount, body.Mfu,
            body.Deadline, body.Budget, body.FlopsPerToken);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        var request = new GetPlan(http.User.ToCaller(), body.ModelParameters!.Value, body.TrainingTokens!.Value, body.GpuModel, body.GpuCount,
            body.Mfu, body.Deadline?.ToUniversalTime(), body.Budget, body.FlopsPerToken);
        return svc.AskAsync<GetPlan, PlanView>(request, TypedResults.Ok, http.RequestAborted);
    }
}
