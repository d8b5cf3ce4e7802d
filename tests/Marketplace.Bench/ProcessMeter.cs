namespace Marketplace.Bench;

/// <summary>
/// The processes that make up the system, found afresh at each sample: each service from its pid file(s) in the run
/// directory (replicas, "&lt;service&gt;-2.pid", count for their service), RabbitMQ as beam.smp and PostgreSQL as its
/// postmaster, each with every descendant. Note that RabbitMQ and PostgreSQL are whole servers: anything else using
/// them at the same time (another worktree's tests) is counted too.
/// </summary>
public sealed class ProcessMeter(string runDirectory, string databasePrefix)
{
    public static readonly string[] Services = ["gateway", "inventory", "bidding", "allocation", "settlement", "notifications"];
    public const string RabbitMq = "rabbitmq";
    public const string PostgreSql = "postgresql";
    public static readonly string[] Measured = [.. Services, RabbitMq, PostgreSql];

    /// <summary>CPU ticks so far of every measured name (0 for a name with no process).</summary>
    public CpuSample Sample()
    {
        var all = ProcFs.All();
        return new CpuSample(
            Measured.ToDictionary(name => name, name => Roots(name, all).Sum(root => ProcFs.TreeTicks(root, all))),
            OwnBackends(all));
    }

    /// <summary>
    /// PostgreSQL backends connected to the system's own databases ("postgres: … marketplace_bidding 127.0.0.1(…) idle"),
    /// with their ticks: on a server other work shares, what the system itself cost. A lower bound, since a backend that
    /// exits between two samples takes its time with it (into the postmaster's cutime, which is not attributable).
    /// </summary>
    private Dictionary<int, long> OwnBackends(IReadOnlyList<ProcFs.Stat> all)
    {
        var databases = Services.Select(s => $" {databasePrefix}_{s} ").ToList();
        return all.Where(s => s.Comm == "postgres")
            .Where(s => ProcFs.CommandLine(s.Pid) is var line && databases.Any(d => line.Contains(d, StringComparison.Ordinal)))
            .ToDictionary(s => s.Pid, s => s.AllTicks);
    }

    /// <summary>Resident memory per service in MB (replicas added), null for a service that is not running.</summary>
    public IReadOnlyDictionary<string, double?> ServiceRssMb()
    {
        var all = ProcFs.All();
        return Services.ToDictionary(s => s, s =>
        {
            var bytes = Roots(s, all).Select(ProcFs.RssBytes).Where(b => b is not null).ToList();
            return bytes.Count == 0 ? (double?)null : bytes.Sum(b => b!.Value) / 1024.0 / 1024.0;
        });
    }

    /// <summary>Which services have a live process now (the report warns about the others).</summary>
    public IReadOnlyList<string> Missing()
    {
        var all = ProcFs.All();
        return Measured.Where(name => Roots(name, all).Count == 0).ToList();
    }

    private List<int> Roots(string name, IReadOnlyList<ProcFs.Stat> all)
    {
        var comm = all.ToDictionary(s => s.Pid, s => s.Comm);
        return name switch
        {
            RabbitMq => all.Where(s => s.Comm == "beam.smp").Select(s => s.Pid).ToList(),
            // The postmaster: a postgres whose parent is not one (backends and workers are its children).
            PostgreSql => all.Where(s => s.Comm == "postgres" && comm.GetValueOrDefault(s.ParentPid) != "postgres").Select(s => s.Pid).ToList(),
            _ => ServicePids(name).Where(comm.ContainsKey).ToList(),
        };
    }

    /// <summary>The pids written by deploy/local/service.sh: "&lt;service&gt;.pid" and replicas' "&lt;service&gt;-&lt;n&gt;.pid".</summary>
    private IEnumerable<int> ServicePids(string service)
    {
        if (!Directory.Exists(runDirectory)) yield break;
        foreach (var file in Directory.EnumerateFiles(runDirectory, $"{service}*.pid"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name != service && !(name.StartsWith(service + "-", StringComparison.Ordinal) && int.TryParse(name[(service.Length + 1)..], out _))) continue;
            if (int.TryParse(File.ReadAllText(file).Trim(), out var pid)) yield return pid;
        }
    }
}

/// <summary>CPU ticks per measured name at one moment, and of each PostgreSQL backend of the system's own databases.</summary>
public sealed record CpuSample(IReadOnlyDictionary<string, long> Ticks, IReadOnlyDictionary<int, long> OwnBackends)
{
    /// <summary>CPU seconds each name used since <paramref name="before"/>.</summary>
    public IReadOnlyDictionary<string, double> SecondsSince(CpuSample before) =>
        Ticks.ToDictionary(t => t.Key, t => (t.Value - before.Ticks.GetValueOrDefault(t.Key)) / (double)ProcFs.TicksPerSecond);

    /// <summary>CPU seconds of the own databases' backends since <paramref name="before"/>; a backend new since then counts from zero.</summary>
    public double OwnBackendSecondsSince(CpuSample before) =>
        OwnBackends.Sum(b => b.Value - before.OwnBackends.GetValueOrDefault(b.Key)) / (double)ProcFs.TicksPerSecond;
}
