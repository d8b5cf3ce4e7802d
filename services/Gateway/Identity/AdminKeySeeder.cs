using Dapper;
using Npgsql;

namespace Marketplace.Gateway.Identity;

/// <summary>
/// Makes MARKETPLACE_ADMIN_KEY a working admin key at start-up, so a fresh deployment has a way in, and revokes the
/// keys earlier starts seeded from another value, so rotating the variable and restarting retires the old key.
/// Registered after the migrations, so the tables exist. Instances starting at once take turns on an advisory lock:
/// without it, two instances with different values could each revoke the other's key and leave none.
/// </summary>
public sealed class AdminKeySeeder(NpgsqlDataSource db, IConfiguration configuration, ILogger<AdminKeySeeder> logger) : IHostedService
{
    public static readonly Guid AdminOrganizationId = Guid.Parse("00000000-0000-0000-0000-00000000a0a0");

    // Any constant unique within the gateway database; it names the seeding critical section.
    private const long SeedLock = 0x6d6b5f7365656400;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = configuration[AdminKeyPolicy.Variable]?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            // Left alone on purpose: an instance started without the variable must not lock the administrators out.
            logger.LogWarning("{Variable} is not set: no admin key was seeded and earlier seeded keys stay as they are", AdminKeyPolicy.Variable);
            return;
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("select pg_advisory_xact_lock(@seedLock)", new { seedLock = SeedLock }, tx);
        var outcome = await connection.QuerySingleAsync<(bool Usable, int Revoked)>(
            """
            insert into organizations (id, name, role) values (@org, 'Marketplace administrators', 'admin') on conflict do nothing;
            insert into api_keys (id, organization_id, key_hash, prefix, seeded) values (@keyId, @org, @hash, @prefix, true)
                on conflict (key_hash) do nothing;
            with revoked as (
                update api_keys set revoked_at = now() where seeded and revoked_at is null and key_hash <> @hash returning 1)
            select exists (select 1 from api_keys where key_hash = @hash and organization_id = @org and revoked_at is null) as usable,
                   (select count(*)::int from revoked) as revoked;
            """,
            new { org = AdminOrganizationId, keyId = Guid.CreateVersion7(), hash = ApiKeys.Hash(key), prefix = ApiKeys.PrefixOf(key) },
            tx);
        await tx.CommitAsync(cancellationToken);
        if (outcome.Revoked > 0)
            logger.LogWarning("{Variable} changed: revoked {Count} earlier seeded admin key(s)", AdminKeyPolicy.Variable, outcome.Revoked);
        if (!outcome.Usable)
            // A revoked key is never brought back by a restart: "revoked" must mean revoked.
            logger.LogError("{Variable} holds a key that was revoked or belongs to another organization: it does not work; set a new value",
                AdminKeyPolicy.Variable);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
