using System.Net;
using System.Net.Sockets;
using Marketplace.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Marketplace.Chaos.Tests;

/// <summary>
/// The chaos runner's short schedule (deploy/local/chaos.sh is the full one): real service processes under an open-loop
/// load of bids, one fault of each kind (kill -9, SIGTERM, broker away, database away, a replica pair losing one),
/// then every invariant. The broker and the database are cut through loopback proxies, so the servers the rest of the
/// suite shares stay up. Recovery times are reported, not asserted: this machine is shared and noisy.
/// </summary>
public sealed class When_faults_strike_a_loaded_market(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _id = "chaos" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _runDirectory = Path.Combine(Path.GetTempPath(), "marketplace-chaos-" + Guid.NewGuid().ToString("N")[..8]);
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(12);
    private RabbitVirtualHost? _vhost;

    public async Task InitializeAsync() => _vhost = await RabbitVirtualHost.CreateAsync(_id);

    [Fact]
    public async Task Should_lose_nothing_create_nothing_twice_and_come_back_from_each_kind_of_fault()
    {
        const string adminKey = "mk_chaos_test_admin_key_0123456789abcdef";
        var options = new ChaosOptions
        {
            RepositoryRoot = TestEnvironment.RepositoryRoot,
            RunDirectory = _runDirectory,
            AdminKey = adminKey,
            Duration = TimeSpan.FromSeconds(60),
            BidsPerSecond = 5,
            Tenants = 4,
            RetryFor = TimeSpan.FromSeconds(60),
            Short = true,
            Infrastructure = InfrastructureFaults.Proxy,
            BasePort = FreePortRange(),
            DatabasePrefix = _id,
            ServiceEnvironment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["MARKETPLACE_ADMIN_KEY"] = adminKey,
                ["RabbitMq__VirtualHost"] = _id,
                ["Postgres__MaxPoolSize"] = "20",
                ["Logging__LogLevel__Default"] = "Warning",
                // Its own virtual host grants only the administrator; the per-service users are for up.sh's system.
                ["MARKETPLACE_BROKER_AS_ADMIN"] = "1",
            },
        };

        var run = new ChaosRun(options, new OutputWriter(output)).RunAsync();
        if (await Task.WhenAny(run, Task.Delay(RunDeadline)) != run)
        {
            // Every step of a run is bounded, so this is a hang nobody foresaw: stop what the run started and say where
            // it was, in the failure itself (a CI log shows it; it shows no test output of a test that never ends).
            await new ServiceProcesses(options).StopAllAsync();
            Assert.Fail($"The chaos run did not finish in {RunDeadline.TotalMinutes:0} minutes (it takes about two).\n{WhereItWas()}");
        }
        var report = await run;
        output.WriteLine(report.ToMarkdown());

        Assert.All(report.Checks, check => Assert.True(check.Passed, $"{check.Name}: expected {check.Expected}, found {check.Actual}"));
        Assert.Equal(5, report.Faults.Count);
        Assert.All(report.Faults, f => Assert.True(f.NextCreatedAfterBack is not null, $"no bid was accepted after '{f.Window.Name}'"));
    }

    /// <summary>The run's own log and the last lines of each service's (warnings and errors: the services run with Warning).</summary>
    private string WhereItWas()
    {
        var text = new System.Text.StringBuilder();
        var progress = Path.Combine(_runDirectory, "chaos.log");
        text.AppendLine(File.Exists(progress) ? File.ReadAllText(progress) : "(no chaos.log)");
        var logs = Path.Combine(_runDirectory, "logs");
        if (!Directory.Exists(logs)) return text.ToString();
        foreach (var log in Directory.GetFiles(logs, "*.log").Order())
        {
            text.AppendLine($"--- {Path.GetFileName(log)}, last lines:");
            foreach (var line in File.ReadLines(log).TakeLast(15)) text.AppendLine(line.Length > 400 ? line[..400] + " …" : line);
        }
        return text.ToString();
    }

    /// <summary>A base port whose ports (one per service) and their replicas' (100 above) are free now.</summary>
    private static int FreePortRange()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var basePort = Random.Shared.Next(20_000, 29_000);
            var ports = Enumerable.Range(0, ServiceProcesses.Services.Length).SelectMany(i => new[] { basePort + i, basePort + 100 + i });
            if (ports.All(IsFree)) return basePort;
        }
        throw new InvalidOperationException("no free port range");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException) { return false; }
    }

    public async Task DisposeAsync()
    {
        await TestDatabases.DropAsync(ServiceProcesses.Services.Select(s => $"{_id}_{s}"));
        if (_vhost is not null) await _vhost.DisposeAsync();
        try { Directory.Delete(_runDirectory, recursive: true); } catch (IOException) { /* logs of a failed run may help */ }
    }

    private sealed class OutputWriter(ITestOutputHelper output) : StringWriter
    {
        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }
}
