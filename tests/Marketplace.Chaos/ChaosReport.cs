using System.Globalization;
using System.Text;

namespace Marketplace.Chaos;

/// <summary>How one fault was lived through, measured on the load's own answers.</summary>
public sealed record FaultOutcome(FaultWindow Window, double? NextCreatedAfterBack, double LongestWithoutCreated, int ServerErrors, double? Slowest503)
{
    /// <summary>Recovery: the next 201 at most 10 s after the thing is back.</summary>
    public bool Recovered => NextCreatedAfterBack is <= ChaosReport.RecoveryGoalSeconds;
    /// <summary>A rolling SIGTERM restart answers no 5xx.</summary>
    public bool Graceful => Window.Kind != Faults.Terminate || ServerErrors == 0;
    /// <summary>With the broker away the gateway says so within a second.</summary>
    public bool FastRefusal => Window.Kind != Faults.Broker || Slowest503 is null or <= 1.0;
    public bool MeetsGoals => Recovered && Graceful && FastRefusal;
}

/// <summary>The run's table: the invariants, then a row per fault against the goals of issue 9.</summary>
public sealed class ChaosReport(ChaosOptions options, IReadOnlyList<KeyRecord> keys, IReadOnlyList<Attempt> attempts,
    IReadOnlyList<FaultWindow> windows, IReadOnlyList<Check> checks, TimeSpan elapsed)
{
    public const double RecoveryGoalSeconds = 10;
    /// <summary>5xx answered within this long after a fault's end still count against it (a SIGTERM's drain, say).</summary>
    private static readonly TimeSpan Tail = TimeSpan.FromSeconds(5);

    public IReadOnlyList<Check> Checks => checks;
    public bool InvariantsHold => checks.All(c => c.Passed);
    public IReadOnlyList<FaultOutcome> Faults { get; } = windows.Select(w => Measure(w, attempts)).ToList();
    public bool GoalsMet => Faults.All(f => f.MeetsGoals);

    private static FaultOutcome Measure(FaultWindow w, IReadOnlyList<Attempt> attempts)
    {
        var created = attempts.Where(a => a.Status == 201).Select(a => a.DoneAt).Order().ToList();
        var next = created.FirstOrDefault(t => t >= w.Back);
        double? nextAfter = next == default ? null : (next - w.Back).TotalSeconds;
        var end = next == default ? w.Back : next;
        // The longest stretch without a 201 from the fault's start to the first 201 after it was back.
        var inside = created.Where(t => t > w.Started && t <= end).Prepend(w.Started).Append(end).ToList();
        var longest = inside.Zip(inside.Skip(1), (a, b) => (b - a).TotalSeconds).DefaultIfEmpty(0).Max();
        var errors = attempts.Count(a => a.Status >= 500 && a.DoneAt >= w.Started && a.DoneAt <= end + Tail);
        var refusals = attempts.Where(a => a.Status == 503 && a.DoneAt >= w.Started && a.DoneAt <= w.Back).Select(a => (a.DoneAt - a.SentAt).TotalSeconds).ToList();
        return new FaultOutcome(w, nextAfter, longest, errors, refusals.Count == 0 ? null : Percentile(refusals, 0.99));
    }

    private static double Percentile(List<double> values, double q)
    {
        values.Sort();
        return values[(int)Math.Min(values.Count - 1, Math.Floor(q * values.Count))];
    }

    public string ToMarkdown()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var statuses = attempts.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString(c))}: {g.Count()}");
        s.AppendLine(c, $"Chaos run: {(options.Short ? "short" : "full")} schedule, {options.Infrastructure.ToString().ToLowerInvariant()} faults for the broker and the database, " +
                        $"{options.BidsPerSecond} bids/s from {options.Tenants} tenants, {elapsed.TotalSeconds:0} s in all.");
        s.AppendLine(c, $"{keys.Count} keys, {attempts.Count} attempts ({string.Join(", ", statuses)}).");
        s.AppendLine();
        s.AppendLine("| invariant | expected | found | |");
        s.AppendLine("| --- | --- | --- | --- |");
        foreach (var check in checks) s.AppendLine(c, $"| {check.Name} | {check.Expected} | {check.Actual} | {(check.Passed ? "ok" : "**FAILED**")} |");
        s.AppendLine();
        s.AppendLine("| fault | back after (s) | next 201 after back (s) | longest without a 201 (s) | 5xx answered | slowest 503 while down, p99 (s) | goals |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var f in Faults)
        {
            var misses = new List<string>();
            if (!f.Recovered) misses.Add("recovery > 10 s");
            if (!f.Graceful) misses.Add("5xx during SIGTERM");
            if (!f.FastRefusal) misses.Add("503 slower than 1 s");
            s.AppendLine(c, $"| {f.Window.Name} | {(f.Window.Back - f.Window.Started).TotalSeconds:0.0} | {f.NextCreatedAfterBack?.ToString("0.0", c) ?? "none"} | " +
                            $"{f.LongestWithoutCreated:0.0} | {f.ServerErrors} | {f.Slowest503?.ToString("0.00", c) ?? "-"} | {(misses.Count == 0 ? "met" : string.Join("; ", misses))} |");
        }
        s.AppendLine();
        s.AppendLine(InvariantsHold ? "Every invariant holds." : "**An invariant failed.**");
        s.AppendLine(GoalsMet ? "Every fault met the goals." : "Some faults missed a goal (see the last column).");
        return s.ToString();
    }
}
