using Dapper;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Npgsql;
using Marketplace.Gateway.OpenApi;
using Marketplace.Hosting.Database;

namespace Marketplace.Gateway.Identity;

public sealed record CreateOrganizationRequest(string? Name, string? Role);

public sealed record OrganizationView(Guid Id, string Name, string Role, DateTimeOffset CreatedAt);
public sealed record CreatedOrganization(Guid Id, string Name, string Role, string ApiKey, DateTimeOffset CreatedAt) : IShownOnce
{
    public object WithoutSecret() => new OrganizationView(Id, Name, Role, CreatedAt);
}
public sealed record OrganizationPage(IReadOnlyList<OrganizationView> Items, string? NextCursor);
public sealed record Me(Guid Id, string Name, string Role);

/// <summary>Organizations and API keys live in the gateway's own database: identity is the gateway's job.</summary>
public static class OrganizationEndpoints
{
    public static void MapOrganizationEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization();
        v1.MapGet("/me", (HttpContext http) =>
        {
            var user = http.User;
            return TypedResults.Ok(new Me(user.OrganizationId(), user.Identity!.Name!, user.Role()));
        }).WithName("GetMe").WithTags("Organizations").Returns<Me>(200);
        v1.MapGet("/gpu-models", () => TypedResults.Ok(GpuCatalog.All)).WithName("ListGpuModels").WithTags("Market").Returns<IReadOnlyList<GpuModel>>(200);

        var orgs = v1.MapGroup("/organizations").RequireAuthorization(Roles.Admin);
        orgs.MapPost("/", Create).WithIdempotency().WithName("CreateOrganization").WithTags("Organizations").Returns<CreatedOrganization>(201, 400, 403, 413);
        orgs.MapGet("/", List).WithName("ListOrganizations").WithTags("Organizations").Returns<OrganizationPage>(200, 400, 403);
        orgs.MapApiKeyEndpoints();
    }

    private static async Task<IResult> Create(CreateOrganizationRequest body, HttpContext http, NpgsqlDataSource db)
    {
        var errors = new ValidationErrors();
        if (errors.Required("name", body.Name)) errors.Text("name", body.Name, 1, 200);
        if (errors.Required("role", body.Role) && !Roles.IsValid(body.Role)) errors.Add("role", "must be provider, tenant or admin");
        if (!errors.IsValid) return Problems.Invalid(errors);

        var id = ResourceIds.For(http);
        var apiKey = ApiKeys.Generate();
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        await using var tx = await connection.BeginTransactionAsync(http.RequestAborted);
        var createdAt = await connection.QuerySingleAsync<DateTime>(
            "insert into organizations (id, name, role) values (@id, @name, @role) on conflict (id) do update set name = excluded.name returning created_at",
            new { id, name = body.Name, role = body.Role }, tx);
        await connection.ExecuteAsync("insert into api_keys (id, organization_id, key_hash, prefix) values (@keyId, @id, @hash, @prefix)",
            new { keyId = Guid.CreateVersion7(), id, hash = ApiKeys.Hash(apiKey), prefix = ApiKeys.PrefixOf(apiKey) }, tx);
        await tx.CommitAsync(http.RequestAborted);
        return TypedResults.Created($"/v1/organizations/{id}", new CreatedOrganization(id, body.Name!, body.Role!, apiKey, ToUtc(createdAt)));
    }

    private static async Task<IResult> List(NpgsqlDataSource db, CancellationToken ct, int limit = PageCursor.DefaultLimit, string? cursor = null)
    {
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, limit, cursor);
        if (!errors.IsValid) return Problems.Invalid(errors);
        await using var connection = await db.OpenConnectionAsync(ct);
        var keyset = new SqlFilters().AddIf(after is not null, "(created_at, id) < (@afterAt, @afterId)");
        var rows = (await connection.QueryAsync<(Guid Id, string Name, string Role, DateTime CreatedAt)>(
            $"""
            select id, name, role, created_at from organizations
            {keyset.Where}
            order by created_at desc, id desc limit @take
            """, new { afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = limit + 1 })).AsList();
        var next = PageCursor.Next(rows, limit, r => new PageCursor(ToUtc(r.CreatedAt), r.Id));
        return TypedResults.Ok(new OrganizationPage(rows.Select(r => new OrganizationView(r.Id, r.Name, r.Role, ToUtc(r.CreatedAt))).ToList(), next));
    }

    private static DateTimeOffset ToUtc(DateTime t) => Times.Utc(t);
}
