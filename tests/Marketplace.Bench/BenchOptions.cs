using System.Globalization;

namespace Marketplace.Bench;

/// <summary>What to run and against which system; parsed from the command line, defaults from the environment as env.sh sets it.</summary>
public sealed record BenchOptions
{
    public const string Usage =
        """
        usage: bench.sh [--fresh] [--seconds N] [--rates 20,100,300] [--concurrency 64] [--runs open,closed,accept] [--accept]
                        [--seed-bookings N] [--seed-open M] [--no-seed] [--lag-deadline S] [--max-in-flight N]
                        [--warm-up S] [--tenants N] [--clusters N] [--gateway URL] [--existing-bookings N]
        """;

    public required string Gateway { get; init; }
    public required string AdminKey { get; init; }
    /// <summary>Where the services' pid files are (deploy/local's .run) and where the report goes.</summary>
    public required string RunDirectory { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public IReadOnlyList<double> Rates { get; init; } = [20, 100, 300];
    public int Concurrency { get; init; } = 64;
    public bool OpenLoop { get; init; } = true;
    public bool ClosedLoop { get; init; } = true;
    public bool AcceptPath { get; init; } = true;
    public int SeedBookings { get; init; } = 100_000;
    public int SeedOpen { get; init; } = 1_000;
    public bool Seed { get; init; } = true;
    /// <summary>How long after the end of sending the booking lag is waited for before it is reported as "> N s".</summary>
    public TimeSpan LagDeadline { get; init; } = TimeSpan.FromSeconds(300);
    /// <summary>The open loop's bound: a request due while this many are unanswered is counted as unsent, not queued.</summary>
    public int MaxInFlight { get; init; } = 2_000;
    /// <summary>An unreported closed loop (--concurrency workers) before the first run, so the first row does not pay for JIT and pool growth.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(30);
    public int Tenants { get; init; } = 16;
    public int Clusters { get; init; } = 100;
    /// <summary>The services' databases are "{prefix}_{service}" (env.sh's MARKETPLACE_DATABASE_PREFIX, "marketplace" by default).</summary>
    public string DatabasePrefix { get; init; } = "marketplace";
    /// <summary>Bookings bench.sh counted before the first run (null: not known, the first runs are labelled "as found").</summary>
    public long? ExistingBookings { get; init; }

    public static bool TryParse(string[] args, out BenchOptions options, out string error)
    {
        var runDirectory = Environment.GetEnvironmentVariable("RUN_DIR") is { Length: > 0 } fromScript ? fromScript
            : Environment.GetEnvironmentVariable("MARKETPLACE_RUN_DIR") is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Path.Combine(Directory.GetCurrentDirectory(), ".run");
        var basePort = int.TryParse(Environment.GetEnvironmentVariable("MARKETPLACE_BASE_PORT"), out var port) ? port : 8080;
        var keyFile = Path.Combine(runDirectory, "admin-key");
        options = new BenchOptions
        {
            Gateway = $"http://127.0.0.1:{basePort}",
            AdminKey = Environment.GetEnvironmentVariable("MARKETPLACE_ADMIN_KEY") is { Length: > 0 } key ? key
                : File.Exists(keyFile) ? File.ReadAllText(keyFile).Trim() : "",
            RunDirectory = runDirectory,
            DatabasePrefix = Environment.GetEnvironmentVariable("MARKETPLACE_DATABASE_PREFIX") is { Length: > 0 } prefix ? prefix : "marketplace",
        };
        error = "";
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                int Count() => int.Parse(Next(), CultureInfo.InvariantCulture);
                options = args[i] switch
                {
                    "--seconds" => options with { Duration = TimeSpan.FromSeconds(Count()) },
                    "--rates" => options with
                    {
                        Rates = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList(),
                    },
                    "--concurrency" => options with { Concurrency = Count() },
                    "--runs" => WithRuns(options, Next()),
                    "--accept" => options with { OpenLoop = false, ClosedLoop = false, AcceptPath = true },
                    "--seed-bookings" => options with { SeedBookings = Count() },
                    "--seed-open" => options with { SeedOpen = Count() },
                    "--no-seed" => options with { Seed = false },
                    "--lag-deadline" => options with { LagDeadline = TimeSpan.FromSeconds(Count()) },
                    "--max-in-flight" => options with { MaxInFlight = Count() },
                    "--warm-up" => options with { WarmUp = TimeSpan.FromSeconds(Count()) },
                    "--tenants" => options with { Tenants = Count() },
                    "--clusters" => options with { Clusters = Count() },
                    "--gateway" => options with { Gateway = Next().TrimEnd('/') },
                    "--existing-bookings" => options with { ExistingBookings = long.Parse(Next(), CultureInfo.InvariantCulture) },
                    _ => throw new FormatException($"unknown argument '{args[i]}'"),
                };
            }
        }
        catch (FormatException e) { error = e.Message; return false; }
        catch (OverflowException e) { error = e.Message; return false; }
        if (options.AdminKey.Length == 0) { error = $"no admin key: set MARKETPLACE_ADMIN_KEY or run deploy/local/up.sh ({keyFile})"; return false; }
        if (options.Duration <= TimeSpan.Zero || options.Tenants < 1 || options.Clusters < 1 || options.MaxInFlight < 1
            || options.Rates.Any(r => r <= 0) || options.Concurrency < 1 || options.SeedBookings < 0 || options.SeedOpen < 0
            || options.WarmUp < TimeSpan.Zero)
        {
            error = "--seconds, --tenants, --clusters, --max-in-flight, --concurrency and every rate must be positive; --warm-up and seed counts not negative";
            return false;
        }
        return true;
    }

    private static BenchOptions WithRuns(BenchOptions options, string kinds)
    {
        var set = kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        if (set.Except(["open", "closed", "accept"]).FirstOrDefault() is { } unknown) throw new FormatException($"unknown run kind '{unknown}' (open, closed, accept)");
        return options with { OpenLoop = set.Contains("open"), ClosedLoop = set.Contains("closed"), AcceptPath = set.Contains("accept") };
    }
}
