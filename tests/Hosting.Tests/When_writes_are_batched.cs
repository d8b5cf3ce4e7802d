using Marketplace.Hosting.Database;
using Npgsql;
using Xunit;

namespace Hosting.Tests;

/// <summary>WriteBatcher: the group commit behind the Idempotency-Key's writes and bid placements (issue 11).</summary>
public sealed class When_writes_are_batched
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>A write function whose first batch (the one holding 0) waits until the test lets it go.</summary>
    private sealed class HeldFirstBatch
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<int[]> Batches { get; } = [];

        public async Task<IReadOnlyList<int>> WriteAsync(IReadOnlyList<int> items, Func<IReadOnlyList<int>, IReadOnlyList<int>> result)
        {
            lock (Batches) Batches.Add([.. items]);
            if (items.Contains(0))
            {
                _entered.SetResult();
                await _release.Task;
            }
            return result(items);
        }

        /// <summary>Starts write 0 and returns once its batch is out (alone), so what is written next must wait.</summary>
        public async Task<Task<int>> HoldFirstAsync(WriteBatcher<int, int> batcher)
        {
            var first = batcher.WriteAsync(0);
            await _entered.Task.WaitAsync(Deadline);
            return first;
        }

        public void Release() => _release.SetResult();
    }

    [Fact]
    public async Task Should_send_a_lone_write_at_once_and_the_writes_that_arrive_meanwhile_together()
    {
        var held = new HeldFirstBatch();
        var batcher = new WriteBatcher<int, int>(items => held.WriteAsync(items, i => [.. i.Select(x => x * 10)]));

        var first = await held.HoldFirstAsync(batcher);
        var meanwhile = Enumerable.Range(1, 5).Select(batcher.WriteAsync).ToArray();
        held.Release();

        Assert.Equal(0, await first.WaitAsync(Deadline));
        Assert.Equal(new[] { 10, 20, 30, 40, 50 }, await Task.WhenAll(meanwhile).WaitAsync(Deadline));
        Assert.Equal([[0], [1, 2, 3, 4, 5]], held.Batches);
        Assert.Equal(2, batcher.Batches);
    }

    [Fact]
    public async Task Should_fail_only_the_write_whose_row_the_database_refuses()
    {
        var held = new HeldFirstBatch();
        var batcher = new WriteBatcher<int, int>(items => held.WriteAsync(items, i =>
            i.Contains(3) ? throw new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation) : i));

        var first = await held.HoldFirstAsync(batcher);
        var writes = Enumerable.Range(1, 5).Select(batcher.WriteAsync).ToArray();
        held.Release();
        await first.WaitAsync(Deadline);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => writes[2].WaitAsync(Deadline));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal(new[] { 1, 2, 4, 5 }, await Task.WhenAll(writes.Where((_, i) => i != 2)).WaitAsync(Deadline));
        Assert.Equal(1 + 1 + 5, batcher.Batches); // the batch of five, then each alone
    }

    [Fact]
    public async Task Should_fail_the_whole_batch_at_once_when_the_database_is_away()
    {
        var held = new HeldFirstBatch();
        var away = new NpgsqlException("Failed to connect to 127.0.0.1:5432");
        var batcher = new WriteBatcher<int, int>(items => held.WriteAsync(items, i => i.Contains(0) ? i : throw away));

        var first = await held.HoldFirstAsync(batcher);
        var writes = Enumerable.Range(1, 5).Select(batcher.WriteAsync).ToArray();
        held.Release();
        await first.WaitAsync(Deadline);

        foreach (var write in writes) Assert.Same(away, await Assert.ThrowsAsync<NpgsqlException>(() => write.WaitAsync(Deadline)));
        Assert.Equal(2, batcher.Batches); // not retried one by one: that would hold the last caller for a timeout per write
    }

    [Fact]
    public async Task Should_fail_the_caller_when_the_write_throws_before_it_awaits_anything_and_take_the_next()
    {
        var calls = 0;
        var batcher = new WriteBatcher<int, int>(items =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("bug") : Task.FromResult(items));

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.WriteAsync(1).WaitAsync(Deadline));

        Assert.Equal("bug", failed.Message);
        Assert.Equal(2, await batcher.WriteAsync(2).WaitAsync(Deadline));
    }

    [Fact]
    public async Task Should_keep_a_batch_within_its_bound()
    {
        var held = new HeldFirstBatch();
        var batcher = new WriteBatcher<int, int>(items => held.WriteAsync(items, i => i), maxBatch: 4);

        var first = await held.HoldFirstAsync(batcher);
        var writes = Enumerable.Range(1, 10).Select(batcher.WriteAsync).ToArray();
        held.Release();

        Assert.Equal(0, await first.WaitAsync(Deadline));
        Assert.Equal(Enumerable.Range(1, 10), await Task.WhenAll(writes).WaitAsync(Deadline));
        Assert.Equal([1, 4, 4, 2], held.Batches.Select(b => b.Length));
    }
}
