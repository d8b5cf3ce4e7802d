namespace Marketplace.Chaos;

/// <summary>How a chaos run is set up: where the system is, how hard to load it and which faults to inject.</summary>
public sealed record ChaosOptions
{
    public required string RepositoryRoot { get; init; }
    /// <summary>Where pid files and service logs live (deploy/local's .run, so down.sh stops what the run started).</summary>
    public required string RunDirectory { get; init; }
    public string AdminKey { get; init; } = "";
    /// <summary>How long the load runs at least; it goes on until every fault of the schedule was injected (each is bounded).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(300);
    public double BidsPerSecond { get; init; } = 10;
    public int Tenants { get; init; } = 16;
    /// <summary>A careful client gives up on one key after this long (and the run's final pass tries it again).</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>How often a node of the run's clusters fails while the load runs (zero: never).</summary>
    public TimeSpan OutageEvery { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>The full schedule (every fault of every kind) or one fault of each kind.</summary>
    public bool Short { get; init; }
    /// <summary>
    /// Restart: the broker and the database are really restarted (the system deploy/local/up.sh runs).
    /// Proxy: the services reach them through loopback proxies that the run cuts, so a shared server stays up for others.
    /// </summary>
    public InfrastructureFaults Infrastructure { get; init; } = InfrastructureFaults.Restart;
    /// <summary>The first port of instance 1 (gateway); the other services follow it, instance 2 is 100 above.</summary>
    public int BasePort { get; init; } = 8080;
    public const string UpDatabasePrefix = "marketplace";
    /// <summary>Database names are "{prefix}_{service}" (up.sh's are "marketplace_…").</summary>
    public string DatabasePrefix { get; init; } = UpDatabasePrefix;
    /// <summary>Settings every started service gets on top of the inherited environment (proxy ports, virtual host, …).</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();
    public string PostgresConnectionString(string service) => new Npgsql.NpgsqlConnectionStringBuilder
    {
        Host = Testing.TestEnvironment.PostgresHost, Port = int.Parse(Testing.TestEnvironment.PostgresPort),
        Username = Testing.TestEnvironment.PostgresUser, Password = Testing.TestEnvironment.PostgresPassword,
        Database = $"{DatabasePrefix}_{service}", Pooling = false, Timeout = 30, CommandTimeout = 120,
    }.ConnectionString;
}

public enum InfrastructureFaults { Restart, Proxy }
