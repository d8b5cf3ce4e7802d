using Dapper;
using Marketplace.Hosting;
using Npgsql;

namespace Marketplace.Gateway.Idempotency;

/// <summary>
/// Forgets stored answers after 24 hours: a client retries within minutes, and an answer may hold a secret
/// (a new organization's API key) that should not outlive its purpose.
/// </summary>
public sealed class IdempotencyJanitor(NpgsqlDataSource db, ILogger<IdempotencyJanitor> logger) : PeriodicWorker(logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task<int> RunPassAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var purged = await connection.ExecuteAsync("delete from idempotency_records where claimed_at < now() - @Retention", new { Retention });
        if (purged > 0) logger.LogInformation("Forgot {Count} idempotency records older than {Retention}", purged, Retention);
        return 0; // one delete takes them all
    }
}
