using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Bench;

/// <summary>
/// The benchmark's output: one markdown table (a row per run) and the raw numbers as JSON beside it, in the run
/// directory as bench-&lt;timestamp&gt;.md and .json.
/// </summary>
public sealed class Report(BenchOptions options, IReadOnlyList<string> arguments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    private static readonly string[] CpuColumns = [.. ProcessMeter.Measured, "total"];
    private readonly List<RunResult> _runs = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly string _loadAtStart = LoadAverage();

    public IReadOnlyList<RunResult> Runs => _runs;
    public SeedResult? Seed { get; set; }
    public string MarkdownPath => Path.Combine(options.RunDirectory, $"bench-{_started:yyyyMMdd-HHmmss}.md");
    public string JsonPath => Path.ChangeExtension(MarkdownPath, ".json");

    public void Add(RunResult run) => _runs.Add(run);

    public async Task WriteAsync()
    {
        Directory.CreateDirectory(options.RunDirectory);
        await File.WriteAllTextAsync(MarkdownPath, ToMarkdown());
        await File.WriteAllTextAsync(JsonPath, JsonSerializer.Serialize(new
        {
            startedAt = _started, arguments, gateway = options.Gateway, machine = Machine(), loadAverageAtStart = _loadAtStart,
            loadAverageNow = LoadAverage(), clockTicksPerSecond = ProcFs.TicksPerSecond, seed = Seed, runs = _runs,
        }, Json));
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Benchmark of the running system, {_started:yyyy-MM-dd HH:mm} UTC: `bench.sh {string.Join(' ', arguments)}`");
        md.AppendLine();
        md.AppendLine("CPU columns: CPU milliseconds per booked bid (accept path: per accepted bid) of each process tree, from before the first bid");
        md.AppendLine("until the bookings settled; postgresql is the whole server, \"pg own\" only its backends of the system's databases (not in the total).");
        md.AppendLine("Booking lag: seconds from the end of sending until the run's last booking was confirmed, by the booking.confirmed events' own");
        md.AppendLine("times / until the benchmark's polls (every 0.5 s, each reading the bookings back to the oldest not yet seen) had seen every booking listed.");
        md.AppendLine("RSS: MB after the run, gateway/inventory/bidding/allocation/settlement/notifications.");
        md.AppendLine();
        md.AppendLine("| run | db | offered/s | achieved/s | not 201 | POST p50/p95/p99 ms | bid→won p50/p99 s | booked | booking lag s: confirmed / seen "
            + "| gateway | inventory | bidding | allocation | settlement | notifications | rabbitmq | postgresql | pg own | total | RSS MB |");
        md.AppendLine("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: " + string.Concat(Enumerable.Repeat("| ---: ", CpuColumns.Length + 1)) + "| ---: |");
        foreach (var r in _runs)
        {
            var cells = new List<string>
            {
                r.Name, r.Database, F(r.OfferedPerSecond, 1), F(r.AchievedPerSecond, 1), Failures(r),
                $"{F(r.PostMs.P50, 0)} / {F(r.PostMs.P95, 0)} / {F(r.PostMs.P99, 0)}",
                r.BidToWonSeconds is { } won ? $"{F(won.P50, 1)} / {F(won.P99, 1)}" : "–",
                r.Booked.ToString("N0", CultureInfo.InvariantCulture),
                r.BookingLagSeconds is not { } lag ? "–"
                    : $"{(r.ConfirmedLagSeconds is { } confirmed ? F(confirmed, 1) : "–")} / {(r.BookingLagComplete ? F(lag, 1) : $"> {F(lag, 0)}")}",
            };
            var cpu = CpuColumns.Select(c => r.CpuMsPerBid.GetValueOrDefault(c)).ToList();
            cpu.Insert(CpuColumns.Length - 1, r.CpuPerBidOf == 0 ? null : r.PostgresOwnBackendsCpuSeconds * 1000 / r.CpuPerBidOf);
            cells.AddRange(cpu.Select(ms => ms is { } v ? F(v, v < 10 ? 2 : 1) : "–"));
            cells.Add(string.Join(" / ", ProcessMeter.Services.Select(s => r.RssMb.GetValueOrDefault(s) is { } mb ? F(mb, 0) : "–")));
            md.AppendLine($"| {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
        if (Seed is { } seed)
            md.AppendLine(CultureInfo.InvariantCulture, $"Seeding: {seed.Booked:N0} bids booked and {seed.Open:N0} left open in {seed.Took.TotalMinutes:0.0} min.");
        foreach (var r in _runs)
            foreach (var note in r.Notes) md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Name} ({r.Database}): {note}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine()}; load average at the start {_loadAtStart}, now {LoadAverage()}.");
        return md.ToString();
    }

    private static string Failures(RunResult r)
    {
        var parts = r.Failures.Select(f => $"{(f.Key == "0" ? "no answer" : f.Key)}×{f.Value}").ToList();
        if (r.Unsent > 0) parts.Add($"unsent×{r.Unsent}");
        return parts.Count == 0 ? "–" : string.Join(", ", parts);
    }

    private static string F(double value, int decimals) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);

    private static string Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), .NET {Environment.Version}";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
