using System.Text;
using System.Text.Json;
using Dapper;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Hosting.Messaging;
using Microsoft.AspNetCore.Http.Metadata;
using Npgsql;

namespace Marketplace.Gateway.Idempotency;

/// <summary>
/// Idempotency-Key for creating POSTs, per organization. The first request claims the key and fixes the new
/// resource's id; a retry with the same body gets the stored answer; another body gets 422; a concurrent duplicate
/// waits for the first to finish. A claim left by a crashed gateway is taken over after a while, and because the id
/// was fixed with the claim, the owning service's create-by-id makes the retry land on the same resource.
/// <para>
/// What is stored depends on what the first attempt may have done. A success is stored and replayed. A refusal
/// (4xx) created nothing, so the key is freed: the client may fix the body and try again with it. A failure (5xx,
/// a dropped connection) may have created the resource behind the client's back, so the claim keeps its resource id
/// and body and is only released for an immediate retry of the same body, which lands on the same resource.
/// </para>
/// <para>Secrets shown once (<see cref="IShownOnce"/>) are never stored: a replay answers the same resource without them.</para>
/// </summary>
public sealed class IdempotencyFilter(NpgsqlDataSource db, IdempotencyRecords records, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    private static readonly TimeSpan WaitForOther = TimeSpan.FromSeconds(15);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (key, malformed) = IdempotencyKeys.Read(http);
        if (malformed is not null) return malformed;
        if (key is null) return await next(context);

        var org = http.User.OrganizationId();
        var hash = RequestHash(http, context.Arguments);
        var deadline = DateTimeOffset.UtcNow + WaitForOther;
        while (true)
        {
            var record = await ClaimOrLoadAsync(org, key, hash);
            if (record is null) continue; // a refused first attempt freed the key just now: claim it afresh
            if (!record.RequestHash.AsSpan().SequenceEqual(hash))
                return Problems.From(ProblemAnswers.KeyReusedWithAnotherBody());
            if (record.CompletedAt is not null) return new StoredResult(record);
            if (record.ClaimedByUs)
                return await RunAndStoreAsync(context, next, org, key, record.ResourceId);
            if (DateTimeOffset.UtcNow > deadline)
                return Problems.Result(409, $"A request with this {IdempotencyKeys.Header} is still in progress; retry shortly.");
            await Task.Delay(50, http.RequestAborted);
        }
    }

    private async Task<object?> RunAndStoreAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, Guid org, string key, Guid resourceId)
    {
        context.HttpContext.Items[ResourceIds.ItemKey] = resourceId;
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ReleaseForRetryAsync(org, key);
            throw;
        }
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? 200;
        if (status >= 500)
        {
            // The service did not answer: it may still have created the resource, so only the same body may retry.
            await ReleaseForRetryAsync(org, key);
            return result;
        }
        if (status >= 400)
        {
            await ForgetAsync(org, key);
            return result;
        }
        var body = result is IValueHttpResult { Value: { } value } ? StoredBody(value) : null;
        var location = (result as IResult) is { } r && r.GetType().GetProperty("Location")?.GetValue(r) is string l ? l : null;
        try
        {
            await records.AnswerAsync(new IdempotencyRecords.Answer(org, key, status, body, location));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The resource exists and the client gets its answer; only the replay record is missing. The claim keeps
            // the resource id, so a retry with this key runs again and lands on the same resource (create-by-id).
            logger.LogWarning(ex, "Could not record the answer for an Idempotency-Key; a retry will land on the same resource");
            await ReleaseForRetryAsync(org, key);
        }
        return result;
    }

    /// <summary>The answer as it is kept for replays: a secret shown once (an API key) is left out.</summary>
    private static string StoredBody(object value)
    {
        var stored = value is IShownOnce shownOnce ? shownOnce.WithoutSecret() : value;
        return JsonSerializer.Serialize(stored, stored.GetType(), GatewayJson.Options);
    }

    private async Task<IdempotencyRecord?> ClaimOrLoadAsync(Guid org, string key, byte[] hash)
    {
        var claimed = await records.ClaimAsync(new IdempotencyRecords.ClaimRequest(org, key, hash, Guid.CreateVersion7()));
        if (claimed is not null) return claimed;
        await using var connection = await db.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(
            """
            select request_hash as RequestHash, resource_id as ResourceId, completed_at as CompletedAt,
                   status_code as StatusCode, response_body as ResponseBody, location as Location, false as ClaimedByUs
            from idempotency_records where organization_id = @org and key = @key
            """, new { org, key });
    }

    /// <summary>
    /// Keeps the claim (its resource id and body) but lets the next request with the same body take it over at once.
    /// Only <c>claimed_at</c> moves; retention runs from <c>first_used_at</c>, so the released claim is kept as long as
    /// a completed one.
    /// </summary>
    private Task ReleaseForRetryAsync(Guid org, string key) => TryExecuteAsync(
        "update idempotency_records set claimed_at = '-infinity' where organization_id = @org and key = @key and completed_at is null",
        org, key);

    /// <summary>The first attempt was refused and created nothing: the key is free for any body.</summary>
    private Task ForgetAsync(Guid org, string key) => TryExecuteAsync(
        "delete from idempotency_records where organization_id = @org and key = @key and completed_at is null", org, key);

    private async Task TryExecuteAsync(string sql, Guid org, string key)
    {
        try
        {
            await using var connection = await db.OpenConnectionAsync();
            await connection.ExecuteAsync(sql, new { org, key });
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release an Idempotency-Key claim; it will be taken over once stale");
        }
    }

    /// <summary>The request's hash (<see cref="IdempotencyKeys.RequestHash"/>); only the body argument counts: the others are services and the HttpContext.</summary>
    private static byte[] RequestHash(HttpContext http, IList<object?> arguments)
    {
        var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        return IdempotencyKeys.RequestHash(http, bodyType is null ? null : arguments.FirstOrDefault(a => a is not null && a.GetType() == bodyType));
    }

    private sealed class StoredResult(IdempotencyRecord record) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => record.StatusCode;

        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = record.StatusCode ?? 200;
            IdempotencyKeys.MarkReplayed(http.Response);
            if (record.Location is not null) http.Response.Headers.Location = record.Location;
            if (record.ResponseBody is null) return;
            http.Response.ContentType = record.StatusCode >= 400 ? "application/problem+json" : "application/json";
            await http.Response.WriteAsync(record.ResponseBody, Encoding.UTF8);
        }
    }
}

/// <summary>The id a creating POST gives its new resource: fixed by the Idempotency-Key when there is one.</summary>
public static class ResourceIds
{
    public const string ItemKey = "marketplace.resource-id";

    public static Guid For(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var id) && id is Guid guid ? guid : Guid.CreateVersion7();
}

public static class IdempotencyExtensions
{
    /// <summary>
    /// The Idempotency-Key filter, and what it adds to the OpenAPI document: the header and the filter's own answers,
    /// 400 (a malformed key), 409 (the same key still in progress) and 422 (the key reused with another body).
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        Documented(builder.AddEndpointFilter<IdempotencyFilter>());

    /// <summary>
    /// An Idempotency-Key the owning service keeps with what it creates, in the same transaction (bids:
    /// docs/decisions/0014): no filter. The document stays as <see cref="WithIdempotency"/> wrote it, 409 included,
    /// though a placement is never answered 409 for its key (a concurrent duplicate waits under the tenant's lock and
    /// is replayed): the published contract only grows.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKeptByService(this RouteHandlerBuilder builder) => Documented(builder);

    private static RouteHandlerBuilder Documented(RouteHandlerBuilder builder) =>
        OpenApi.ApiResponses.ReturnsProblems(builder.WithMetadata(OpenApi.IdempotencyKeyHeader.Instance),
            StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
}
