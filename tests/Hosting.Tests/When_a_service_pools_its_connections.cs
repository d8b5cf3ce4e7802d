using Marketplace.Hosting;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Hosting.Tests;

/// <summary>
/// The services' connection pool (PostgresOptions.ServiceConnectionString): it keeps a floor of connections, because
/// opening one costs both sides tens of milliseconds of CPU and pruning below the working set made a steady load reopen
/// them every period (issue 11, twenty-first session).
/// </summary>
public sealed class When_a_service_pools_its_connections
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static PostgresOptions Options(int maxPoolSize, int minPoolSize) => new()
    {
        Host = TestEnvironment.PostgresHost, Port = int.Parse(TestEnvironment.PostgresPort),
        Username = TestEnvironment.PostgresUser, Password = TestEnvironment.PostgresPassword, Database = "postgres",
        MaxPoolSize = maxPoolSize, MinPoolSize = minPoolSize, ConnectionIdleLifetime = 4,
    };

    /// <summary>
    /// The service's own settings, but pruned every 4 s (the idle count sampled every second): the test sees pruning, and
    /// only after the pool has been idle for seconds, so not before the test has counted what the burst opened.
    /// </summary>
    private static NpgsqlDataSource DataSource(PostgresOptions options, string applicationName) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.ServiceConnectionString)
        {
            ApplicationName = applicationName, ConnectionPruningInterval = 1,
        }.ConnectionString);

    /// <summary>The server processes of the pool's connections.</summary>
    private static async Task<SortedSet<int>> BackendsAsync(string applicationName)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pid from pg_stat_activity where application_name = $1", connection);
        command.Parameters.AddWithValue(applicationName);
        var pids = new SortedSet<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }

    /// <summary>Opens this many connections at once (a burst), runs a statement on each, and returns them all to the pool.</summary>
    private static async Task BurstAsync(NpgsqlDataSource dataSource, int connections)
    {
        var open = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => dataSource.OpenConnectionAsync().AsTask()));
        foreach (var connection in open)
        {
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync();
        }
        foreach (var connection in open) await connection.DisposeAsync();
    }

    [Fact]
    public async Task Should_keep_its_floor_of_connections_when_it_prunes_the_idle_ones_after_a_burst()
    {
        var name = $"pool-floor-{Guid.NewGuid():N}";
        await using var dataSource = DataSource(Options(maxPoolSize: 12, minPoolSize: 4), name);

        await BurstAsync(dataSource, 10);
        Assert.Equal(10, (await BackendsAsync(name)).Count);

        // Every connection is idle now, so pruning closes what is above the floor, and only that.
        var deadline = DateTime.UtcNow + Deadline;
        while ((await BackendsAsync(name)).Count > 4 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var kept = await BackendsAsync(name);
        Assert.Equal(4, kept.Count);

        // The floor serves the next burst of its size: the same server processes answer, none is started.
        await BurstAsync(dataSource, 4);
        Assert.Equal(kept, await BackendsAsync(name));
    }

    [Fact]
    public async Task Should_keep_no_more_than_its_pool_may_hold_when_the_floor_is_set_above_it()
    {
        var name = $"pool-cap-{Guid.NewGuid():N}";
        var options = Options(maxPoolSize: 3, minPoolSize: 8);
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(options.ServiceConnectionString).MinPoolSize);

        // Npgsql refuses a floor above the pool's size; capped, the pool opens and serves up to its size.
        await using var dataSource = DataSource(options, name);
        await BurstAsync(dataSource, 3);
        Assert.Equal(3, (await BackendsAsync(name)).Count);
    }
}
