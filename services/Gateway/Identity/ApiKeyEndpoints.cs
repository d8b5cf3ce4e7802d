using Dapper;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Npgsql;
using Marketplace.Gateway.OpenApi;
using Marketplace.Hosting.Database;

namespace Marketplace.Gateway.Identity;

/// <summary>The answer to creating a key: the only time the key itself is shown.</summary>
public sealed record ApiKeyCreated(Guid Id, string ApiKey, string Prefix, DateTimeOffset CreatedAt) : IShownOnce
{
    public object WithoutSecret() => new ApiKeyIssued(Id, Prefix, CreatedAt);
}

/// <summary>What a replayed key creation answers: the same key, without the secret.</summary>
public sealed record ApiKeyIssued(Guid Id, string Prefix, DateTimeOffset CreatedAt);

/// <summary>A key as admins list it: never the key, only its first characters (null for keys made before prefixes were kept).</summary>
public sealed record ApiKeyView(Guid Id, string? Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
public sealed record ApiKeyPage(IReadOnlyList<ApiKeyView> Items, string? NextCursor);

/// <summary>An organization's keys (admins): issue, list, revoke. Several keys per organization let a client rotate without downtime.</summary>
public static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this RouteGroupBuilder organizations)
    {
        var keys = organizations.MapGroup("/{id:guid}/api-keys").WithTags("ApiKeys");
        keys.MapPost("/", Create).WithIdempotency().WithName("CreateApiKey").Returns<ApiKeyCreated>(201, 403, 404);
        keys.MapGet("/", List).WithName("ListApiKeys").Returns<ApiKeyPage>(200, 400, 403, 404);
        keys.MapGet("/{keyId:guid}", Get).WithName("GetApiKey").Returns<ApiKeyView>(200, 403, 404);
        keys.MapDelete("/{keyId:guid}", Revoke).WithName("RevokeApiKey").ReturnsNothing(403, 404);
    }

    private static async Task<IResult> Create(Guid id, HttpContext http, NpgsqlDataSource db)
    {
        var keyId = ResourceIds.For(http);
        var apiKey = ApiKeys.Generate();
        var prefix = ApiKeys.PrefixOf(apiKey);
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        // A retry of an attempt whose answer was lost lands on the same key id: the key nobody saw is replaced by this one.
        var createdAt = await connection.QuerySingleOrDefaultAsync<DateTime?>(
            """
            insert into api_keys (id, organization_id, key_hash, prefix)
            select @keyId, id, @hash, @prefix from organizations where id = @id
            on conflict (id) do update set key_hash = excluded.key_hash, prefix = excluded.prefix
                where api_keys.organization_id = excluded.organization_id
            returning created_at
            """, new { keyId, id, hash = ApiKeys.Hash(apiKey), prefix });
        return createdAt is null
            ? Problems.Result(404, "No organization with that id.")
            : TypedResults.Created($"/v1/organizations/{id}/api-keys/{keyId}", new ApiKeyCreated(keyId, apiKey, prefix, Times.Utc(createdAt.Value)));
    }

    private static async Task<IResult> List(Guid id, NpgsqlDataSource db, CancellationToken ct, int limit = PageCursor.DefaultLimit, string? cursor = null)
    {
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, limit, cursor);
        if (!errors.IsValid) return Problems.Invalid(errors);
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from organizations where id = @id)", new { id }))
            return Problems.Result(404, "No organization with that id.");
        var keyset = new SqlFilters().AddIf(after is not null, "(created_at, id) < (@afterAt, @afterId)");
        var rows = (await connection.QueryAsync<KeyRow>(
            $"""
            select id, prefix, created_at as CreatedAt, revoked_at as RevokedAt from api_keys
            where organization_id = @id {keyset.And}
            order by created_at desc, id desc limit @take
            """, new { id, afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = limit + 1 })).AsList();
        var next = PageCursor.Next(rows, limit, r => new PageCursor(Times.Utc(r.CreatedAt), r.Id));
        return TypedResults.Ok(new ApiKeyPage(rows.Select(r => r.ToView()).ToList(), next));
    }

    private static async Task<IResult> Get(Guid id, Guid keyId, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(
            "select id, prefix, created_at as CreatedAt, revoked_at as RevokedAt from api_keys where id = @keyId and organization_id = @id",
            new { id, keyId });
        return row is null ? Problems.Result(404, "No API key with that id in this organization.") : TypedResults.Ok(row.ToView());
    }

    /// <summary>
    /// Revoking is final and takes effect at once: this instance forgets the keys it knew before answering, and every
    /// other instance is told by PostgreSQL when the update commits (<see cref="KnownKeys"/>). Revoking again answers
    /// 204 and keeps the first revocation time.
    /// </summary>
    private static async Task<IResult> Revoke(Guid id, Guid keyId, NpgsqlDataSource db, KnownKeys knownKeys, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var found = await connection.ExecuteAsync(
            "update api_keys set revoked_at = coalesce(revoked_at, now()) where id = @keyId and organization_id = @id",
            new { id, keyId });
        knownKeys.Forget();
        return found == 0 ? Problems.Result(404, "No API key with that id in this organization.") : TypedResults.NoContent();
    }

    private sealed class KeyRow
    {
        public Guid Id { get; init; }
        public string? Prefix { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? RevokedAt { get; init; }

        public ApiKeyView ToView() => new(Id, Prefix, Times.Utc(CreatedAt), RevokedAt is { } r ? Times.Utc(r) : null);
    }
}

/// <summary>Npgsql reads timestamptz as a UTC DateTime; the API speaks DateTimeOffset.</summary>
internal static class Times
{
    public static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
