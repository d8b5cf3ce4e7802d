using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Marketplace.Hosting.Database;

/// <summary>
/// Creates the service's database if missing, then runs the numbered .sql files embedded under Migrations/
/// (the shared outbox/inbox first, then the service's own). A session advisory lock makes concurrent
/// start-ups of several instances take turns instead of racing DbUp's journal.
/// </summary>
public static class DatabaseMigrator
{
    private const long MigrationLockKey = 7_310_001;

    public static async Task MigrateAsync(string connectionString, Assembly serviceAssembly, ILogger logger, CancellationToken ct)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUpLog(logger));

        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({MigrationLockKey})", lockConnection))
            await take.ExecuteNonQueryAsync(ct);
        try
        {
            Run(connectionString, typeof(DatabaseMigrator).Assembly, logger);
            Run(connectionString, serviceAssembly, logger);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static void Run(string connectionString, Assembly assembly, ILogger logger)
    {
        var upgrader = DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(assembly, name => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build();
        DatabaseUpgradeResult result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed", result.Error);
    }

    private sealed class DbUpLog(ILogger logger) : DbUp.Engine.Output.IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) => logger.LogInformation("{Migration}", string.Format(format, args));
        public void LogWarning(string format, params object[] args) => logger.LogWarning("{Migration}", string.Format(format, args));
        public void LogError(string format, params object[] args) => logger.LogError("{Migration}", string.Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{Migration}", string.Format(format, args));
    }
}
