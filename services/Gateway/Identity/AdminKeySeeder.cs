using Dapper;
using Npgsql;

namespace Marketplace.Gateway.Identity;

/// <summary>
/// Makes MARKETPLACE_ADMIN_KEY a working admin key at start-up, so a fresh deployment has a way in.
/// Registered after the migrations, so the tables exist; idempotent across restarts and instances.
/// </summary>
public sealed class AdminKeySeeder(NpgsqlDataSource db, IConfiguration configuration, ILogger<AdminKeySeeder> logger) : IHostedService
{
    public static readonly Guid AdminOrganizationId = Guid.Parse("00000000-0000-0000-0000-00000000a0a0");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = configuration["MARKETPLACE_ADMIN_KEY"];
        if (string.IsNullOrWhiteSpace(key))
        {
            logger.LogWarning("MARKETPLACE_ADMIN_KEY is not set: no admin key was seeded");
            return;
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            insert into organizations (id, name, role) values (@org, 'Marketplace administrators', 'admin') on conflict do nothing;
            insert into api_keys (id, organization_id, key_hash) values (@keyId, @org, @hash) on conflict (key_hash) do nothing;
            """,
            new { org = AdminOrganizationId, keyId = Guid.CreateVersion7(), hash = ApiKeys.Hash(key.Trim()) });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
