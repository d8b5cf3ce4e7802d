using Marketplace.Contracts;
using Marketplace.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Gateway.Errors;

/// <summary>Every error the gateway answers is RFC 9457 problem+json, built here.</summary>
public static class Problems
{
    private static readonly Dictionary<int, string> Titles = new()
    {
        [400] = "Invalid request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not found",
        [405] = "Method not allowed", [409] = "Conflict", [413] = "Request body too large", [415] = "Unsupported media type",
        [422] = "Idempotency-Key reused", [429] = "Too many requests", [431] = "Request header fields too large", [503] = "Service unavailable",
    };

    public static string TitleFor(int status) => Titles.GetValueOrDefault(status, "Error");

    public static ProblemDetails Create(int status, string? title, string? detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is { Count: > 0 }
            ? new ValidationProblemDetails(errors)
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = title ?? TitleFor(status);
        problem.Detail = detail;
        problem.Type = $"https://httpstatuses.io/{status}";
        return problem;
    }

    public static IResult Result(int status, string? detail, IDictionary<string, string[]>? errors = null, string? title = null) =>
        TypedResults.Problem(Create(status, title, detail, errors));

    public static IResult Invalid(ValidationErrors errors) =>
        Result(400, "One or more fields are invalid.", errors.ToDictionary());

    public static IResult From(Problem problem) => Result(problem.Status, problem.Detail, problem.Errors, problem.Title);

    public static IResult Unavailable(string detail, int retryAfterSeconds) =>
        new RetryAfterResult(Result(503, detail), retryAfterSeconds);

    public static Task Write(HttpContext context, int status, string? title, string? detail) =>
        Result(status, detail, title: title).ExecuteAsync(context);

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => 503;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
