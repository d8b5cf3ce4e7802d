using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Marketplace.Gateway.Errors;

public static partial class ErrorHandling
{
    public const long MaxBodyBytes = 64 * 1024;

    public static IServiceCollection AddGatewayErrors(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Model-binding failures throw, so the handler below can say what was wrong with the body.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Problem+json for thrown errors, status codes without a body (unknown routes, 405), and oversized bodies.</summary>
    public static WebApplication UseGatewayErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
            Problems.Write(context.HttpContext, context.HttpContext.Response.StatusCode, null,
                context.HttpContext.Response.StatusCode switch
                {
                    404 => "No such route.",
                    415 => ApiWording.GenericBadRequest(415, ""),
                    _ => null,
                }));
        app.Use(LimitBody);
        return app;
    }

    /// <summary>
    /// Bodies over 64 KiB are refused with 413 before anything reads them: by Content-Length up front, and by a
    /// counting limit for chunked bodies (Kestrel's own limit, which also covers servers without Content-Length).
    /// </summary>
    private static Task LimitBody(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
            return Problems.Write(context, 413, null, $"The body may be at most {MaxBodyBytes} bytes.");
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = MaxBodyBytes;
        return next(context);
    }

    private sealed class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (context.Response.HasStarted) return false;
            var result = exception switch
            {
                BadHttpRequestException { StatusCode: 413 } => Problems.Result(413, $"The body may be at most {MaxBodyBytes} bytes."),
                BadHttpRequestException { InnerException: JsonException json } => Problems.Result(400, "The body is not valid JSON for this request.",
                    new Dictionary<string, string[]> { [ApiWording.FieldOf(json)] = [ApiWording.ReasonFor(json, context)] }),
                BadHttpRequestException bad when ApiWording.BindFailure(bad.Message) is { } failure => Problems.Result(400,
                    "One or more query or route values are invalid.", new Dictionary<string, string[]> { [failure.Field] = [failure.Reason] }),
                // ASP.NET's own messages name parameter types ("Required parameter "CreateClusterRequest body" ..."): say it plainly.
                BadHttpRequestException bad => Problems.Result(bad.StatusCode, ApiWording.GenericBadRequest(bad.StatusCode, bad.Message)),
                // The gateway's own database is unreachable or its pool exhausted: nothing was done, try again.
                Npgsql.NpgsqlException or TimeoutException => Problems.Unavailable("The gateway's database is not answering; nothing was changed.", 5),
                _ => null,
            };
            if (result is null)
            {
                logger.LogError(exception, "Unhandled error");
                result = Problems.Result(500, "An unexpected error occurred; it has been logged.");
            }
            await result.ExecuteAsync(context);
            return true;
        }
    }
}
