using System.Security.Claims;
using System.Text.Encodings.Web;
using Dapper;
using Marketplace.Contracts;
using Marketplace.Gateway.Edge;
using Marketplace.Gateway.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marketplace.Gateway.Identity;

/// <summary>
/// Bearer API keys: the key is hashed and looked up; the claims are the organization, its name and role. Keys that
/// matched nothing are remembered for a while (<see cref="UnknownKeys"/>); keys that matched are remembered until a
/// key or an organization changes anywhere (<see cref="KnownKeys"/>, told by PostgreSQL), so a revocation holds on
/// every instance within milliseconds. Anonymous and failed requests are logged at Debug (<see cref="QuietLoggerFactory"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, NpgsqlDataSource db, UnknownKeys unknownKeys, KnownKeys knownKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, new QuietLoggerFactory(logger), encoder)
{
    public const string SchemeName = "ApiKey";
    private const string FailureKey = "auth-failure";
    private const string UnknownKey = "Unknown or revoked API key.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (EdgeSetup.IsProbeOrScrape(Context)) return AuthenticateResult.NoResult(); // needs no identity: no lookup
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Fail("No API key: send 'Authorization: Bearer <apiKey>'.");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return Fail("The Authorization header must be 'Bearer <apiKey>'.");

        var hash = ApiKeys.Hash(header[7..].Trim());
        if (unknownKeys.Contains(hash)) return Fail(UnknownKey);
        if (!knownKeys.TryGet(hash, out var org))
        {
            var generation = knownKeys.Generation;
            await using var connection = await db.OpenConnectionAsync(Context.RequestAborted);
            org = await connection.QuerySingleOrDefaultAsync<KeyOwner>(
                """
                select o.id, o.name, o.role from api_keys k join organizations o on o.id = k.organization_id
                where k.key_hash = @hash and k.revoked_at is null
                """, new { hash });
            if (org.Id == Guid.Empty)
            {
                unknownKeys.Add(hash);
                return Fail(UnknownKey);
            }
            knownKeys.Remember(hash, org, generation);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, org.Id.ToString()), new Claim(ClaimTypes.Name, org.Name), new Claim(ClaimTypes.Role, org.Role)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Context.Items[FailureKey] as string ?? "An API key is required.";
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", $"The role '{Context.User.Role()}' may not do this.");
}

public static class ClaimsPrincipalExtensions
{
    public static Guid OrganizationId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "";
    public static Caller ToCaller(this ClaimsPrincipal user) => new(user.OrganizationId(), user.Role());
}
