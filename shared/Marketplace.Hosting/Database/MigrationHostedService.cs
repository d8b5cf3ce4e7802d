using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Marketplace.Hosting.Database;

/// <summary>Runs the migrations before the bus starts; waits (with back-off) for PostgreSQL if it is still starting.</summary>
public sealed class MigrationHostedService(string connectionString, Assembly serviceAssembly, ILogger<MigrationHostedService> logger)
    : IHostedService
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Npgsql.NpgsqlException>().Handle<System.Net.Sockets.SocketException>(),
            MaxRetryAttempts = 10,
            Delay = TimeSpan.FromMilliseconds(500),
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromSeconds(5),
        })
        .Build();

    public Task StartAsync(CancellationToken cancellationToken) =>
        Retry.ExecuteAsync(async ct => await DatabaseMigrator.MigrateAsync(connectionString, serviceAssembly, logger, ct), cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
