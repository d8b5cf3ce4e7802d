namespace Marketplace.Chaos;

/// <summary>One fault the run injected: when it began and when the thing it broke was back (process ready, server up).</summary>
public sealed record FaultWindow(string Name, string Kind, DateTime Started, DateTime Back);

/// <summary>A fault to inject: its name, its kind (rows of the report are grouped by it) and how to do it.</summary>
public sealed record Fault(string Name, string Kind, Func<Task<FaultWindow>> InjectAsync);

/// <summary>
/// The faults of a run, in turn: kill -9 of each service, a rolling SIGTERM restart of each, the broker restarted,
/// the database restarted, and replicas (a second instance of every service, then one of each pair killed).
/// The short variant injects one fault of each kind.
/// </summary>
public sealed class Faults(ChaosOptions options, ServiceProcesses processes, Infrastructure infrastructure, GatewayRotation rotation)
{
    public const string Kill = "kill -9", Terminate = "SIGTERM", Broker = "broker", Database = "database", Replica = "replica";
    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(2);

    public IReadOnlyList<Fault> Schedule() => options.Short
        ?
        [
            KillFault("bidding"), TerminateFault("allocation"), BrokerFault(TimeSpan.FromSeconds(5)),
            DatabaseFault(TimeSpan.FromSeconds(5)), ReplicaFault(["allocation", "bidding"]),
        ]
        :
        [
            .. ServiceProcesses.Services.Select(KillFault),
            .. ServiceProcesses.Services.Select(TerminateFault),
            BrokerFault(TimeSpan.FromSeconds(5)),
            DatabaseFault(TimeSpan.FromSeconds(5)),
            ReplicaFault(ServiceProcesses.Services),
        ];

    private Fault KillFault(string service) => new($"kill -9 {service}", Kill, async () =>
    {
        var started = DateTime.UtcNow;
        await processes.KillAsync(service);
        await Task.Delay(DownFor); // as a supervisor restarts a crashed process after a moment
        await processes.StartAsync(service);
        return new FaultWindow($"kill -9 {service}", Kill, started, DateTime.UtcNow);
    });

    /// <summary>
    /// A rolling restart, as an orchestrator does one: a replacement starts and gets ready, the old instance is taken
    /// out of rotation and sent SIGTERM (it finishes what it holds), comes back, and the replacement leaves the same way.
    /// </summary>
    private Fault TerminateFault(string service) => new($"SIGTERM {service} (rolling)", Terminate, async () =>
    {
        var started = DateTime.UtcNow;
        await processes.StartAsync(service, instance: 2);
        if (service == "gateway") { rotation.Add(processes.Url(service, 2)); rotation.Remove(processes.Url(service, 1)); }
        await processes.TerminateAsync(service, instance: 1);
        await processes.StartAsync(service, instance: 1);
        if (service == "gateway") { rotation.Add(processes.Url(service, 1)); rotation.Remove(processes.Url(service, 2)); }
        await processes.TerminateAsync(service, instance: 2);
        return new FaultWindow($"SIGTERM {service} (rolling)", Terminate, started, DateTime.UtcNow);
    });

    private Fault BrokerFault(TimeSpan down) => new("RabbitMQ restart", Broker, async () =>
    {
        var started = DateTime.UtcNow;
        await infrastructure.RestartBrokerAsync(down);
        return new FaultWindow("RabbitMQ restart", Broker, started, DateTime.UtcNow);
    });

    private Fault DatabaseFault(TimeSpan down) => new("PostgreSQL restart", Database, async () =>
    {
        var started = DateTime.UtcNow;
        await infrastructure.RestartDatabaseAsync(down);
        return new FaultWindow("PostgreSQL restart", Database, started, DateTime.UtcNow);
    });

    /// <summary>
    /// A second instance of each service joins (the gateway's behind the same client rotation, as behind a load balancer),
    /// both run side by side for a while (rounds, relays, sweepers and watchdogs must be safe twice over), then the
    /// first instance of each is killed; it comes back and the second leaves with a SIGTERM.
    /// </summary>
    private Fault ReplicaFault(IReadOnlyList<string> services) => new($"replicas, one of each pair killed ({string.Join(", ", services)})", Replica, async () =>
    {
        foreach (var service in services) await processes.StartAsync(service, instance: 2);
        if (services.Contains("gateway")) rotation.Add(processes.Url("gateway", 2));
        await Task.Delay(options.Short ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(15));

        var started = DateTime.UtcNow;
        foreach (var service in services) await processes.KillAsync(service, instance: 1);
        // Clients keep reaching the dead gateway (refused, retried elsewhere) until the balancer notices, as it would.
        if (services.Contains("gateway")) rotation.Remove(processes.Url("gateway", 1));
        var back = DateTime.UtcNow; // the survivors carry the load from here: nothing has to come back
        await Task.Delay(options.Short ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10));

        foreach (var service in services) await processes.StartAsync(service, instance: 1);
        if (services.Contains("gateway")) { rotation.Add(processes.Url("gateway", 1)); rotation.Remove(processes.Url("gateway", 2)); }
        foreach (var service in services) await processes.TerminateAsync(service, instance: 2);
        return new FaultWindow($"replicas, one of each pair killed", Replica, started, back);
    });
}

/// <summary>The gateways the load spreads over, as a load balancer's pool: instances join when ready and leave before they stop.</summary>
public sealed class GatewayRotation
{
    private readonly Lock _lock = new();
    private List<string> _urls;

    public GatewayRotation(string first) => _urls = [first];

    public IReadOnlyList<string> Current { get { lock (_lock) return _urls; } }

    public void Add(string url) { lock (_lock) _urls = [.. _urls.Where(u => u != url), url]; }

    public void Remove(string url) { lock (_lock) _urls = [.. _urls.Where(u => u != url)]; }
}
