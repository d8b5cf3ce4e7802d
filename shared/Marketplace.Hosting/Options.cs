using Npgsql;

namespace Marketplace.Hosting;

/// <summary>Section "Postgres". Each service sets its own Database; environment variables such as Postgres__Host override.</summary>
public sealed class PostgresOptions
{
    public const string Section = "Postgres";
    public string Host { get; set; } = "";
    public int Port { get; set; } = 5432;
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    public string Database { get; set; } = "";
    /// <summary>
    /// A service's consumers and requests share this many connections; each PostgreSQL connection is a process with
    /// its own memory, so a few busy ones serve better than many idle ones.
    /// </summary>
    public int MaxPoolSize { get; set; } = 24;
    /// <summary>
    /// Connections the pool keeps however idle it gets. Opening one costs PostgreSQL a process (fork, authentication,
    /// catalog caches) and this service a SCRAM exchange, and its prepared statements start over: 30–50 ms of CPU on the
    /// benchmark's machine. Npgsql's pruning closes the median number of idle connections once per
    /// <see cref="ConnectionIdleLifetime"/>, so without a floor a steady load that peaks above its median reopens them
    /// at its next peaks, every period: several at once, when CPU is shortest (docs/benchmarks.md, twenty-first
    /// session). A steadily busy service works within its floor and opens nothing.
    /// </summary>
    public int MinPoolSize { get; set; } = 8;
    /// <summary>
    /// Seconds between pruning decisions: Npgsql samples the idle count every 10 s (its ConnectionPruningInterval) and,
    /// once per this period, closes the samples' median above <see cref="MinPoolSize"/>. Npgsql's own default: a burst
    /// still leaves the pool within minutes, and a load above the floor reopens at most once per period what it needs.
    /// </summary>
    public int ConnectionIdleLifetime { get; set; } = 300;
    /// <summary>
    /// TLS to PostgreSQL. Npgsql's default, Prefer, uses it when the server offers it (Debian's does). On loopback it
    /// protects nothing and costs both sides CPU on every round trip, so deploy/local sets Disable; across a network,
    /// set Require or VerifyFull.
    /// </summary>
    public SslMode SslMode { get; set; } = SslMode.Prefer;

    /// <summary>For start-up work (creating the database, migrations): plain connections, nothing kept per session.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Username = Username, Password = Password, Database = Database,
        MaxPoolSize = MaxPoolSize, Timeout = 5, CommandTimeout = 30, SslMode = SslMode,
    }.ConnectionString;

    /// <summary>
    /// For the service's work. Statements run often are prepared once per connection (PostgreSQL then skips parsing and
    /// planning them), and a connection returned to the pool is not reset: the reset (DISCARD ALL) would throw those
    /// prepared statements away, and nothing here leaves session state behind (locks are transaction-scoped).
    /// The pool keeps <see cref="MinPoolSize"/> connections (never more than it may hold: Npgsql refuses that) and
    /// prunes idle ones above it once per <see cref="ConnectionIdleLifetime"/>.
    /// </summary>
    public string ServiceConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        MaxAutoPrepare = 100, AutoPrepareMinUsages = 2, NoResetOnClose = true,
        MinPoolSize = Math.Min(MinPoolSize, MaxPoolSize), ConnectionIdleLifetime = ConnectionIdleLifetime,
    }.ConnectionString;
}

/// <summary>Section "RabbitMq". VirtualHost isolates deployments (and test classes) from each other.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";
    public string Host { get; set; } = "";
    public ushort Port { get; set; } = 5672;
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    public string VirtualHost { get; set; } = "/";
}

/// <summary>Section "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";
    /// <summary>How often the relay looks for rows written by other instances (its own writes wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>
    /// How old an unsent row must be before the poll takes it while this process hands its own commits over: the
    /// instance that wrote it normally sent it long before (OutboxRelay).
    /// </summary>
    public TimeSpan StragglerAge { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 200;
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>Section "Metrics".</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// Networks (CIDR, such as "10.0.0.0/8"; a bare address is that one host) whose callers may read /metrics besides
    /// loopback. Empty (the default): only callers on this machine.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];
}
