using Npgsql;

namespace Marketplace.Hosting.Database;

/// <summary>
/// Group commit for small writes every request makes (issue 11). A write that finds none in progress goes out at once,
/// alone; writes that arrive while one is in progress wait for it and then go out together, in one statement and one
/// commit. So a lone request pays nothing extra, and under load the statements and WAL flushes per request fall with
/// the concurrency instead of growing with it. (Two batches out at once were measured and bought nothing:
/// docs/benchmarks.md.)
/// <para>
/// When a batch of several fails because of what one of its rows holds (PostgreSQL's data exceptions and integrity
/// violations, classes 22 and 23) or because it lost a conflict (class 40: a deadlock or serialization failure), each
/// of its writes is tried again on its own, so only the write the database refuses fails. Any other failure (the
/// database away, a timeout) fails every write of the batch at once with it: trying them one after another would hold
/// the last caller for a timeout per write.
/// </para>
/// <para>
/// Batches run outside their callers' execution context (no caller's <c>Activity</c> or scope leaks into the others'
/// writes); a write that needs its caller's trace carries it in its item.
/// </para>
/// </summary>
public sealed class WriteBatcher<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxBatch = 128)
{
    private readonly Lock _lock = new();
    private readonly Queue<(TItem Item, TaskCompletionSource<TResult> Done)> _waiting = new();
    private bool _writing;

    /// <summary>The number of statements sent, for tests and metrics: fewer than the writes when batches formed.</summary>
    public long Batches => Interlocked.Read(ref _batches);
    private long _batches;

    public Task<TResult> WriteAsync(TItem item) => WriteEachAsync([item])[0];

    /// <summary>
    /// Several writes that arrived together (a batch of requests): queued at once, in order, so they go out in the same
    /// batch when they fit. Each gets its own task, answered as if written alone: one write's failure is its own.
    /// </summary>
    public Task<TResult>[] WriteEachAsync(IReadOnlyList<TItem> items)
    {
        var done = new Task<TResult>[items.Count];
        bool start;
        lock (_lock)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var one = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Enqueue((items[i], one));
                done[i] = one.Task;
            }
            start = !_writing && items.Count > 0;
            _writing |= start;
        }
        // On the thread pool without the callers' execution context; each caller awaits its own result, never the
        // batches that come after it.
        if (start)
            using (ExecutionContext.SuppressFlow())
                _ = Task.Run(DrainAsync);
        return done;
    }

    /// <summary>A failure that a write alone may not meet: retry the batch's writes one by one.</summary>
    public static bool IsOneRowsFault(Exception ex) =>
        ex is PostgresException { SqlState: var state } && (state.StartsWith("22", StringComparison.Ordinal)
            || state.StartsWith("23", StringComparison.Ordinal) || state.StartsWith("40", StringComparison.Ordinal));

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(TItem Item, TaskCompletionSource<TResult> Done)> batch;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = new(Math.Min(_waiting.Count, maxBatch));
                while (batch.Count < maxBatch && _waiting.TryDequeue(out var next)) batch.Add(next);
            }
            var failure = await TryWriteAsync(batch);
            if (failure is null) continue;
            if (batch.Count > 1 && IsOneRowsFault(failure))
                foreach (var one in batch)
                {
                    if (await TryWriteAsync([one]) is { } own) one.Done.TrySetException(own);
                }
            else
                foreach (var one in batch) one.Done.TrySetException(failure);
        }
    }

    /// <summary>Writes the batch and completes its callers; the exception (callers not completed) when it failed.</summary>
    private async Task<Exception?> TryWriteAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch)
    {
        IReadOnlyList<TResult> results;
        try
        {
            Interlocked.Increment(ref _batches);
            results = await write(batch.ConvertAll(b => b.Item));
            if (results.Count != batch.Count)
                throw new InvalidOperationException($"A batch of {batch.Count} writes gave {results.Count} results.");
        }
        catch (Exception ex)
        {
            return ex;
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
        return null;
    }
}
