using System.Diagnostics;
using Marketplace.Testing;
using Npgsql;

namespace Marketplace.Chaos;

/// <summary>
/// The broker and the database as faults see them. In restart mode they are the servers deploy/local/infra.sh runs,
/// restarted with the Debian service scripts; in proxy mode every service reaches them through a loopback proxy that
/// the run cuts and restores, which looks the same to the services and leaves the shared servers up for other tests.
/// </summary>
public sealed class Infrastructure : IAsyncDisposable
{
    private readonly ChaosOptions _options;
    private readonly TcpProxy? _broker;
    private readonly TcpProxy? _database;

    public Infrastructure(ChaosOptions options)
    {
        _options = options;
        if (options.Infrastructure != InfrastructureFaults.Proxy) return;
        _broker = new TcpProxy(TestEnvironment.RabbitHost, int.Parse(TestEnvironment.RabbitPort));
        _database = new TcpProxy(TestEnvironment.PostgresHost, int.Parse(TestEnvironment.PostgresPort));
        _broker.Start();
        _database.Start();
    }

    /// <summary>What services must be told to go through the proxies (nothing in restart mode).</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings => _broker is null || _database is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { ["RabbitMq__Port"] = _broker.Port.ToString(), ["Postgres__Port"] = _database.Port.ToString() };

    /// <summary>Takes the broker away and brings it back; returns when it accepts connections again.</summary>
    public Task RestartBrokerAsync(TimeSpan down) => _broker is not null
        ? CutAsync(_broker, down)
        : RunAsync("service rabbitmq-server stop && service rabbitmq-server start && rabbitmqctl -q await_startup", TimeSpan.FromMinutes(5));

    public Task RestartDatabaseAsync(TimeSpan down) => _database is not null
        ? CutAsync(_database, down)
        : RestartPostgresAsync();

    private async Task RestartPostgresAsync()
    {
        await RunAsync("service postgresql restart", TimeSpan.FromMinutes(2));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_options.PostgresConnectionString("gateway"));
                await connection.OpenAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
    }

    private static async Task CutAsync(TcpProxy proxy, TimeSpan down)
    {
        proxy.Cut();
        await Task.Delay(down);
        proxy.Start();
    }

    private static async Task RunAsync(string command, TimeSpan timeout)
    {
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? "/bin/sh" : "sudo", root ? ["-c", command] : ["/bin/sh", "-c", command])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {command}");
        using var cts = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
