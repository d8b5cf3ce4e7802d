namespace Marketplace.Hosting.Database;

/// <summary>
/// Group commit for small writes every request makes (issue 11). A write that finds none in progress goes out at once,
/// alone; writes that arrive while one is in progress wait for it and then go out together, in one statement and one
/// commit. So a lone request pays nothing extra, and under load the statements and WAL flushes per request fall with
/// the concurrency instead of growing with it.
/// <para>
/// When a batch of several fails, each of its writes is tried again on its own: a write that fails by itself (a row
/// the database refuses) fails only its own caller, and a failure of the database fails each caller as it would have
/// failed alone.
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

    public Task<TResult> WriteAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _waiting.Enqueue((item, done));
            start = !_writing;
            _writing = true;
        }
        // Runs on this thread until its first await (the database call), then on the thread pool; the caller awaits its
        // own result, never the batches that come after it.
        if (start) _ = DrainAsync();
        return done.Task;
    }

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
            if (batch.Count == 1 || !await TryWriteAsync(batch, alone: false))
                foreach (var one in batch) await TryWriteAsync([one], alone: true);
        }
    }

    /// <summary>Writes the batch and completes its callers; false when a batch of several failed (to be tried one by one).</summary>
    private async Task<bool> TryWriteAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch, bool alone)
    {
        IReadOnlyList<TResult> results;
        try
        {
            Interlocked.Increment(ref _batches);
            results = await write(batch.ConvertAll(b => b.Item));
            if (results.Count != batch.Count)
                throw new InvalidOperationException($"A batch of {batch.Count} writes gave {results.Count} results.");
        }
        catch (Exception ex) when (alone || batch.Count == 1)
        {
            batch[0].Done.TrySetException(ex);
            return true;
        }
        catch
        {
            return false;
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
        return true;
    }
}
