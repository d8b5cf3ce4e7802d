using System.Collections.Concurrent;
using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>
/// Open loop: the i-th request is due i/rate seconds after the start and is sent then, whatever happened to the earlier
/// ones, so a slow system meets the same offered load (no coordinated omission). At most <c>maxInFlight</c> are
/// unanswered at once; a request due beyond that is counted as unsent instead of piling up without bound.
/// </summary>
public sealed class OpenLoopDriver(BidPoster poster, double rate, int maxInFlight)
{
    /// <param name="clock">The run's clock, started by the caller: the result's times are on it.</param>
    public async Task<DriveResult> RunAsync(TimeSpan duration, Stopwatch clock)
    {
        var posts = new ConcurrentQueue<PostRecord>();
        var pending = new List<Task>();
        long scheduled = 0, unsent = 0;
        var inFlight = 0;
        for (long i = 0; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due >= duration) break;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            scheduled++;
            if (Volatile.Read(ref inFlight) >= maxInFlight) { unsent++; continue; }
            Interlocked.Increment(ref inFlight);
            // Latency counts from now, the moment it was due, so a busy thread pool here shows up in it too.
            var (index, sentAt) = (i, Stopwatch.GetTimestamp());
            pending.Add(Task.Run(async () =>
            {
                posts.Enqueue(await poster.PostAsync(index, sentAt));
                Interlocked.Decrement(ref inFlight);
            }));
        }
        var sendingEnded = clock.Elapsed;
        await Task.WhenAll(pending);
        return new DriveResult(scheduled, unsent, sendingEnded, clock.Elapsed, posts.ToList());
    }
}
