using System.Collections.Concurrent;
using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>Closed loop: <c>workers</c> clients, each sending its next bid as soon as the last was answered, for the duration.</summary>
public sealed class ClosedLoopDriver(BidPoster poster, int workers)
{
    /// <param name="clock">The run's clock, started by the caller: the result's times are on it.</param>
    public async Task<DriveResult> RunAsync(TimeSpan duration, Stopwatch clock)
    {
        var posts = new ConcurrentQueue<PostRecord>();
        long next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration) posts.Enqueue(await poster.PostAsync(Interlocked.Increment(ref next), Stopwatch.GetTimestamp()));
        })));
        // The last request started before the duration ended; "sending ended" is the duration, its answer the last one.
        return new DriveResult(posts.Count, 0, duration, clock.Elapsed, posts.ToList());
    }
}
