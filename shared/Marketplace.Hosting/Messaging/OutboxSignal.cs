using System.Collections.Concurrent;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Wakes the outbox relay as soon as this process commits outbox rows, and hands it those rows, so it sends them
/// without reading them back (issue 11: the read cost a transaction and two round trips per batch, about one batch
/// per placed bid at 100 bids/s). Only committed rows are handed over; what is dropped here is still in the table,
/// and the relay's poll sends it.
/// </summary>
public sealed class OutboxSignal : WakeUpSignal
{
    /// <summary>More than this waiting (the relay is stuck or failing) and further rows are left to the poll.</summary>
    internal const int MaxWaiting = 10_000;

    private readonly ConcurrentQueue<OutboxMessage> _committed = new();
    private int _waiting;
    private volatile bool _overflowed;

    /// <summary>Called after COMMIT with the rows the transaction wrote, in their order.</summary>
    public void Committed(IReadOnlyList<OutboxMessage> rows)
    {
        // All of a transaction's rows or none, so the poll that sends a dropped one sends its neighbours in order.
        if (Interlocked.Add(ref _waiting, rows.Count) > MaxWaiting)
        {
            Interlocked.Add(ref _waiting, -rows.Count);
            _overflowed = true;
        }
        else foreach (var row in rows) _committed.Enqueue(row);
        Notify();
    }

    /// <summary>True once after rows were left to the table because too many waited: the relay then polls everything.</summary>
    internal bool TakeOverflow()
    {
        if (!_overflowed) return false;
        _overflowed = false;
        return true;
    }

    /// <summary>Up to <paramref name="max"/> handed-over rows, oldest first.</summary>
    internal List<OutboxMessage> Take(int max)
    {
        var rows = new List<OutboxMessage>(Math.Min(max, Volatile.Read(ref _waiting)));
        while (rows.Count < max && _committed.TryDequeue(out var row))
        {
            Interlocked.Decrement(ref _waiting);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Forgets what was handed over: the relay is about to read every unsent row from the table instead.</summary>
    internal void Drop() => Take(int.MaxValue);
}
