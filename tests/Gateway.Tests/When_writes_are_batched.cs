using Marketplace.Hosting.Database;
using Xunit;

namespace Gateway.Tests;

/// <summary>WriteBatcher: the group commit behind the Idempotency-Key's claim and answer (issue 11).</summary>
public sealed class When_writes_are_batched
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Should_send_a_lone_write_at_once_and_the_writes_that_arrive_meanwhile_together()
    {
        var first = new TaskCompletionSource();
        var batches = new List<int[]>();
        var batcher = new WriteBatcher<int, int>(async items =>
        {
            lock (batches) batches.Add([.. items]);
            if (items.Contains(0)) await first.Task;
            return items.Select(i => i * 10).ToArray();
        });

        var alone = batcher.WriteAsync(0);
        var meanwhile = Enumerable.Range(1, 5).Select(batcher.WriteAsync).ToArray();
        Assert.Equal([[0]], batches); // out at once, alone; the five wait for it
        first.SetResult();

        Assert.Equal(0, await alone.WaitAsync(Deadline));
        Assert.Equal(new[] { 10, 20, 30, 40, 50 }, await Task.WhenAll(meanwhile).WaitAsync(Deadline));
        Assert.Equal([[0], [1, 2, 3, 4, 5]], batches);
        Assert.Equal(2, batcher.Batches);
    }

    [Fact]
    public async Task Should_fail_only_the_write_the_database_refuses_when_a_batch_fails()
    {
        var first = new TaskCompletionSource();
        var batcher = new WriteBatcher<int, int>(async items =>
        {
            if (items.Contains(0)) await first.Task;
            if (items.Contains(3)) throw new InvalidOperationException("row 3 refused");
            return [.. items];
        });

        var blocker = batcher.WriteAsync(0);
        var writes = Enumerable.Range(1, 5).Select(batcher.WriteAsync).ToArray();
        first.SetResult();
        await blocker.WaitAsync(Deadline);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[2].WaitAsync(Deadline));
        Assert.Equal("row 3 refused", refused.Message);
        Assert.Equal(new[] { 1, 2, 4, 5 }, await Task.WhenAll(writes.Where((_, i) => i != 2)).WaitAsync(Deadline));
    }

    [Fact]
    public async Task Should_keep_a_batch_within_its_bound()
    {
        var first = new TaskCompletionSource();
        var sizes = new List<int>();
        var batcher = new WriteBatcher<int, int>(async items =>
        {
            lock (sizes) sizes.Add(items.Count);
            if (items.Contains(0)) await first.Task;
            return [.. items];
        }, maxBatch: 4);

        var writes = Enumerable.Range(0, 11).Select(batcher.WriteAsync).ToArray();
        first.SetResult();

        Assert.Equal(Enumerable.Range(0, 11), await Task.WhenAll(writes).WaitAsync(Deadline));
        Assert.Equal([1, 4, 4, 2], sizes);
    }
}
