using Dapper;
using Marketplace.Domain;
using Marketplace.Hosting;
using Npgsql;

namespace Marketplace.Gateway.Idempotency;

/// <summary>
/// Forgets records 24 hours after the key was first used: a client retries within minutes. The age is counted from
/// <c>first_used_at</c>, which nothing updates: a claim whose outcome is unknown (released after a 5xx, or left by a
/// crashed gateway) keeps its resource id for the whole window, so a late retry still lands on the same resource.
/// </summary>
public sealed class IdempotencyJanitor(NpgsqlDataSource db, ILogger<IdempotencyJanitor> logger) : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task<int> RunPassAsync(CancellationToken ct)
    {
        await PurgeExpiredAsync(ct);
        return 0; // one delete takes them all
    }

    /// <summary>Deletes the records whose key was first used more than <see cref="IdempotencyRules.Retention"/> ago; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var purged = await connection.ExecuteAsync("delete from idempotency_records where first_used_at < now() - @Retention", new { IdempotencyRules.Retention });
        if (purged > 0) logger.LogInformation("Forgot {Count} idempotency records first used more than {Retention} ago", purged, IdempotencyRules.Retention);
        return purged;
    }
}
