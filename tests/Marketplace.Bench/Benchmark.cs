using System.Globalization;

namespace Marketplace.Bench;

/// <summary>
/// The whole benchmark: every run on the databases as they are, then seeding, then the same runs again. The report
/// is rewritten after every run, so a long benchmark that fails late still leaves what it measured.
/// </summary>
public sealed class Benchmark(BenchOptions options, Api api, Report report, TextWriter log)
{
    public async Task RunAsync()
    {
        var meter = new ProcessMeter(options.RunDirectory, options.DatabasePrefix);
        var tag = $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        var first = options.ExistingBookings switch
        {
            null => "as found",
            0 => "empty",
            var n => $"{n.Value.ToString("N0", CultureInfo.InvariantCulture)} bookings",
        };
        var warmUpBooked = 0;
        if (options.WarmUp > TimeSpan.Zero)
        {
            // Not reported: the services' first bids pay for JIT compilation and filling caches, and connection pools
            // grow to what the closed loops need (on a busy machine, opening them under load times requests out).
            var warmUp = await new BenchRun(options with { Duration = options.WarmUp, LagDeadline = TimeSpan.FromSeconds(60) }, api, meter, log)
                .ExecuteAsync(new RunSpec("warm-up", RunKind.ClosedLoop, 0, options.Concurrency), first, $"{tag}-warm-up");
            warmUpBooked = warmUp.Booked;
        }
        await RunAllAsync(meter, first, $"{tag}-a");
        if (!options.Seed) return;

        var seed = await new Seeder(api, log).SeedAsync($"{tag}-seed", options.SeedBookings, options.SeedOpen, options.Tenants);
        report.Seed = seed;
        var bookings = (options.ExistingBookings ?? 0) + warmUpBooked + report.Runs.Sum(r => r.Booked) + seed.Booked;
        var seeded = options.ExistingBookings is null
            ? $"seeded (+{seed.Booked.ToString("N0", CultureInfo.InvariantCulture)})"
            : $"seeded ({bookings.ToString("N0", CultureInfo.InvariantCulture)} bookings)";
        await RunAllAsync(meter, seeded, $"{tag}-b");
    }

    private async Task RunAllAsync(ProcessMeter meter, string database, string tag)
    {
        var run = new BenchRun(options, api, meter, log);
        foreach (var spec in Specs())
        {
            report.Add(await run.ExecuteAsync(spec, database, $"{tag}-{spec.Name.Replace(' ', '-').Replace('/', '-')}"));
            await report.WriteAsync();
        }
    }

    /// <summary>The open loops from the lowest rate up, then the closed loop, and the accept path last: its bids linger two minutes.</summary>
    private IEnumerable<RunSpec> Specs()
    {
        if (options.OpenLoop)
            foreach (var rate in options.Rates.Order())
                yield return new RunSpec($"open {rate.ToString(CultureInfo.InvariantCulture)}/s", RunKind.OpenLoop, rate, 0);
        if (options.ClosedLoop) yield return new RunSpec($"closed x{options.Concurrency}", RunKind.ClosedLoop, 0, options.Concurrency);
        if (options.AcceptPath) yield return new RunSpec($"accept x{options.Concurrency}", RunKind.AcceptPath, 0, options.Concurrency);
    }
}
