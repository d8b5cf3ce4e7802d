using Dapper;
using Marketplace.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marketplace.Gateway.Identity;

/// <summary>
/// Listens on PostgreSQL's channel <c>api_keys_changed</c> on a connection of its own, and tells <see cref="KnownKeys"/>
/// to forget on every notification. Each notification, and a ping every <see cref="Check"/>, renews the cache's lease
/// (<see cref="KnownKeys.Lease"/>); on any failure the cache forgets and stays off until the listener is back, so a
/// revocation missed while disconnected is not served from memory.
/// </summary>
public sealed class KeyChangeListener(IOptions<PostgresOptions> postgres, KnownKeys keys, ILogger<KeyChangeListener> logger) : BackgroundService
{
    public const string Channel = "api_keys_changed";
    public static readonly TimeSpan Check = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not from the pool: LISTEN belongs to the session, and pooled connections are handed back without a reset.
        var unpooled = new NpgsqlConnectionStringBuilder(postgres.Value.ConnectionString) { Pooling = false, KeepAlive = 2, CommandTimeout = 2 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(unpooled);
                connection.Notification += (_, _) => keys.Forget();
                await connection.OpenAsync(stoppingToken);
                await connection.ExecuteAsync($"listen {Channel}");
                keys.Lapse(); // anything remembered before LISTEN took effect may be stale
                keys.Alive();
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(Check, stoppingToken)) await connection.ExecuteAsync("select 1");
                    keys.Alive();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                keys.Lapse();
                logger.LogWarning(ex, "Lost the key change notifications; every request looks its key up until they are back");
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        keys.Lapse();
    }
}
