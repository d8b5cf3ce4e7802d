using System.Diagnostics;

namespace Marketplace.Bench;

public enum RunKind { OpenLoop, ClosedLoop, AcceptPath }

/// <summary>One row of the table: how the bids are sent (a rate for the open loop, workers for the closed loops).</summary>
public sealed record RunSpec(string Name, RunKind Kind, double Rate, int Workers);

/// <summary>
/// One run: its own market, the load, the wait for its bookings, CPU from before the first bid until the bookings
/// settled; then, outside the measured window, bid → won from the bid lists and the clean-up.
/// </summary>
public sealed class BenchRun(BenchOptions options, Api api, ProcessMeter meter, TextWriter log)
{
    /// <summary>Lets the new clusters reach the allocation service and the setup's own work die down before measuring.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);
    /// <summary>
    /// The accept path's rate its tenants leave room for (1,000 open bids each). At 64 tenants, room for 1,000 bids/s
    /// for 60 s, the seventeenth session's runs took all 64,000 and then met 37,218 refusals: the quota, not the system,
    /// ended them.
    /// </summary>
    private const int AcceptPathRoomPerSecond = 2_500;
    /// <summary>How long after the bookings were listed their confirmations may take to reach the tenants' feeds.</summary>
    private static readonly TimeSpan ConfirmationsTold = TimeSpan.FromMinutes(1);

    public async Task<RunResult> ExecuteAsync(RunSpec spec, string database, string tag)
    {
        // The accept path's bids stay open (nothing books them), and each tenant may have 1,000 open: enough tenants that a
        // run's bids stay under that quota up to AcceptPathRoomPerSecond for the run's length, rather than measuring cheap 422s.
        var tenants = spec.Kind == RunKind.AcceptPath
            ? Math.Max(options.Tenants, (int)Math.Ceiling(AcceptPathRoomPerSecond * options.Duration.TotalSeconds / 1_000))
            : options.Tenants;
        log.WriteLine($"--- {spec.Name} ({database}): setting up {options.Clusters} clusters and {tenants} tenants");
        var market = await RunMarket.CreateAsync(api, tag, tenants, options.Clusters);
        await Task.Delay(Quiet);
        var notes = meter.Missing().Select(m => $"{m}: no process found, its CPU and memory are not measured").ToList();

        var neverFill = spec.Kind == RunKind.AcceptPath;
        var poster = new BidPoster(api, market, neverFill);
        var startedAt = DateTimeOffset.UtcNow;
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var before = meter.Sample();
        var clock = Stopwatch.StartNew();
        var clockStartedAt = DateTimeOffset.UtcNow;
        log.WriteLine($"    sending for {options.Duration.TotalSeconds:0} s");
        var drive = spec.Kind == RunKind.OpenLoop
            ? await new OpenLoopDriver(poster, spec.Rate, options.MaxInFlight).RunAsync(options.Duration, clock)
            : await new ClosedLoopDriver(poster, spec.Workers).RunAsync(options.Duration, clock);
        var accepted = drive.Posts.Where(p => p.Status == 201).ToList();
        log.WriteLine($"    {drive.Scheduled} due, {accepted.Count} accepted; the last answer {drive.LastAnswer.TotalSeconds:0.0} s after the start");

        var watch = new BookingWatch(0, TimeSpan.Zero, true);
        if (!neverFill)
        {
            log.WriteLine($"    waiting for {accepted.Count} bookings (at most {options.LagDeadline.TotalSeconds:0} s after the end of sending)");
            watch = await new BookingWatcher(api).WaitAsync(market.TenantKeys, accepted, clock, drive.SendingEnded, options.LagDeadline);
        }
        var after = meter.Sample();
        var rss = meter.ServiceRssMb();
        benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;

        IReadOnlyList<double> toWin = [];
        TimeSpan? confirmedLag = null;
        if (!neverFill)
        {
            toWin = await RunBids.SecondsToWinAsync(api, market.TenantKeys, accepted.Select(p => p.BidId!.Value).ToHashSet());
            if (!watch.Complete) notes.Add($"{accepted.Count - watch.Booked} accepted bids had no booking {options.LagDeadline.TotalSeconds:0} s after the end of sending");
            else if (await RunBids.LastConfirmedAtAsync(api, market.TenantKeys, accepted.Select(p => p.BidId!.Value).ToHashSet(), ConfirmationsTold) is { } last)
                confirmedLag = last - (clockStartedAt + drive.SendingEnded);
            else notes.Add($"the tenants' feeds did not tell every booking's confirmation within {ConfirmationsTold.TotalSeconds:0} s of its listing");
        }
        await market.DelistAsync();
        if (neverFill)
        {
            // The next run should not meet these bids in its rounds, nor pay for their expiries: they expire two minutes
            // after they were sent, and every service they reach takes them off its books.
            log.WriteLine("    waiting for the accept path's bids to expire and their expiries to be told");
            if (!await RunBids.WaitUntilNoneOpenAsync(api, market.TenantKeys, RunMarket.NeverFillLifetime + TimeSpan.FromMinutes(1)))
                notes.Add("some accept-path bids were still open when the next run started");
            else
            {
                var expiredAt = clock.Elapsed;
                if (!await RunBids.WaitUntilExpiriesToldAsync(api, market.TenantKeys, accepted, TimeSpan.FromMinutes(2)))
                    notes.Add("the accept path's expiries were not all told in the tenants' feeds when the next run started");
                else
                {
                    // From the end of the sending (the run's own figures stop there) until every expiry was told: the
                    // expiries' cost, with whatever the idle services spent over those two minutes.
                    var expiries = meter.Sample().SecondsSince(after);
                    notes.Add(FormattableString.Invariant(
                        $"every expiry told {(clock.Elapsed - expiredAt).TotalSeconds:0.0} s after the last bid expired in bidding; CPU ms per accepted bid from the end of sending until then: {string.Join(" / ", expiries.Select(c => $"{c.Key} {c.Value * 1000 / Math.Max(1, accepted.Count):0.00}"))} (total {expiries.Values.Sum() * 1000 / Math.Max(1, accepted.Count):0.00})"));
                }
            }
        }

        if (drive.Posts.Count(p => p.Status == 429) is > 0 and var limited)
            notes.Add($"{limited} answers were 429: the gateway's rate limits refused them. Every tenant of the benchmark sends from one address, " +
                      "so the per-client limit (Gateway:ClientRateLimitPerSecond, which bench.sh --fresh raises) is the likely one; " +
                      "the per-organization limit (Gateway:RateLimitPerSecond) applies to each tenant");
        var cpu = after.SecondsSince(before);
        var perBidOf = neverFill ? accepted.Count : watch.Booked;
        var cpuPerBid = cpu.Keys.Append("total").ToDictionary(k => k, k =>
        {
            var seconds = k == "total" ? cpu.Values.Sum() : cpu[k];
            return perBidOf == 0 ? (double?)null : seconds * 1000 / perBidOf;
        });
        var result = new RunResult
        {
            Name = spec.Name, Kind = spec.Kind.ToString(), Database = database, StartedAt = startedAt,
            Seconds = options.Duration.TotalSeconds,
            OfferedPerSecond = drive.Scheduled / options.Duration.TotalSeconds,
            AchievedPerSecond = accepted.Count / drive.LastAnswer.TotalSeconds,
            Scheduled = drive.Scheduled, Accepted = accepted.Count, Unsent = drive.Unsent,
            Failures = drive.Posts.Where(p => p.Status != 201).GroupBy(p => p.Status).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count()),
            PostMs = Percentiles.Of(drive.Posts.Select(p => p.LatencyMs)) ?? new Percentiles(0, 0, 0, 0, 0),
            BidToWonSeconds = Percentiles.Of(toWin),
            Won = toWin.Count,
            Booked = watch.Booked,
            BookingLagSeconds = neverFill ? null : watch.Lag.TotalSeconds,
            BookingLagComplete = watch.Complete,
            ConfirmedLagSeconds = confirmedLag?.TotalSeconds,
            CpuPerBidOf = perBidOf,
            CpuSeconds = cpu,
            CpuMsPerBid = cpuPerBid,
            PostgresOwnBackendsCpuSeconds = after.OwnBackendSecondsSince(before),
            RssMb = rss,
            BenchCpuSeconds = benchCpu.TotalSeconds,
            Notes = notes,
        };
        log.WriteLine(neverFill
            ? $"    achieved {result.AchievedPerSecond:0.0}/s"
            : $"    achieved {result.AchievedPerSecond:0.0}/s, booked {result.Booked}, lag {(watch.Complete ? $"{watch.Lag.TotalSeconds:0.0} s" : $"> {watch.Lag.TotalSeconds:0} s")}"
                + (confirmedLag is { } c ? $" (the last confirmation {c.TotalSeconds:0.0} s after the end of sending)" : ""));
        return result;
    }
}
