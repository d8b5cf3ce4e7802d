namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// What an endpoint answers, declared next to its route so the OpenAPI document (/openapi/v1.json, docs/openapi.json)
/// says it: the success status with its body's type, and the problem+json statuses of API.md's table it can return.
/// Every endpoint ends with exactly one of <see cref="Returns{T}"/>, <see cref="ReturnsNothing"/>; the statuses any
/// authenticated call can get (401 no or bad key, 429 rate limit, 503 a dependency down) are added by both, and the
/// Idempotency-Key's 400, 409 and 422 by WithIdempotency. A test fails when an operation lacks a success or its schemas.
/// </summary>
public static class ApiResponses
{
    public const string ProblemJson = "application/problem+json";

    private static readonly int[] EveryCall = [401, 429, 503];

    /// <summary>The success status and its body, then the problems this endpoint can answer besides 401/429/503.</summary>
    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder builder, int status, params int[] problems) where T : notnull =>
        builder.Produces<T>(status, "application/json").ReturnsProblems(problems);

    /// <summary>204: success without a body.</summary>
    public static RouteHandlerBuilder ReturnsNothing(this RouteHandlerBuilder builder, params int[] problems) =>
        builder.Produces(StatusCodes.Status204NoContent).ReturnsProblems(problems);

    /// <summary>
    /// Problems only, for what a filter adds to any endpoint it is on (WithIdempotency); declaring a status twice is
    /// harmless, the same schema is given both times.
    /// </summary>
    public static RouteHandlerBuilder ReturnsProblems(this RouteHandlerBuilder builder, params int[] problems)
    {
        foreach (var status in EveryCall.Concat(problems).Distinct().Order())
        {
            // 400 carries the field errors (errors: { field: [messages] }); the others are plain problems.
            if (status == StatusCodes.Status400BadRequest) builder.ProducesValidationProblem(status, ProblemJson);
            else builder.ProducesProblem(status, ProblemJson);
        }
        return builder;
    }
}
