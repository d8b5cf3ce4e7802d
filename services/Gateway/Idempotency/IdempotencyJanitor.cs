using Dapper;
using Npgsql;

namespace Marketplace.Gateway.Idempotency;

/// <summary>
/// Forgets stored answers after 24 hours: a client retries within minutes, and an answer may hold a secret
/// (a new organization's API key) that should not outlive its purpose.
/// </summary>
public sealed class IdempotencyJanitor(NpgsqlDataSource db, ILogger<IdempotencyJanitor> logger) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                var purged = await connection.ExecuteAsync("delete from idempotency_records where claimed_at < now() - @Retention", new { Retention });
                if (purged > 0) logger.LogInformation("Forgot {Count} idempotency records older than {Retention}", purged, Retention);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Idempotency purge failed; will retry");
            }
            try { await Task.Delay(TimeSpan.FromMinutes(10), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
