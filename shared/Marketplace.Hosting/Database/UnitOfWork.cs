using System.Data;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Marketplace.Hosting.Messaging;
using Npgsql;

namespace Marketplace.Hosting.Database;

/// <summary>
/// One PostgreSQL transaction plus the messages it will emit. Messages are written to the outbox inside the
/// transaction, so a state change and its messages commit together or not at all.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly OutboxSignal _signal;
    private List<OutboxMessage>? _outbox;
    private List<OutboxMessage>? _written;
    private Dictionary<string, int>? _savepoints;
    private List<Action>? _onCommitted;

    internal UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxSignal signal)
    {
        Connection = connection;
        Transaction = transaction;
        _signal = signal;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    public Task<int> ExecuteAsync(string sql, object? param = null) => Connection.ExecuteAsync(sql, param, Transaction);
    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null) => Connection.QuerySingleOrDefaultAsync<T>(sql, param, Transaction);
    public Task<T> QuerySingleAsync<T>(string sql, object? param = null) => Connection.QuerySingleAsync<T>(sql, param, Transaction);
    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) => Connection.QueryAsync<T>(sql, param, Transaction);
    public Task<T?> ExecuteScalarAsync<T>(string sql, object? param = null) => Connection.ExecuteScalarAsync<T>(sql, param, Transaction);

    /// <summary>
    /// Records that <paramref name="consumer"/> handled <paramref name="messageId"/>. False when it already had:
    /// the caller then skips the work, which makes a redelivery a no-op.
    /// </summary>
    public async Task<bool> TryMarkConsumedAsync(Guid messageId, string consumer) =>
        await ExecuteAsync(
            "insert into inbox (message_id, consumer) values (@messageId, @consumer) on conflict do nothing",
            new { messageId, consumer }) == 1;

    /// <summary>Publishes an event once the transaction commits.</summary>
    public Task PublishAsync<T>(T message) where T : class => WriteOutboxAsync(message, typeof(T), destination: null, Activity.Current?.Id);

    /// <summary>
    /// Publishes an event once the transaction commits, as part of the trace <paramref name="traceParent"/>: for a
    /// transaction that does the work of several callers (a batch), each event in its own caller's trace.
    /// </summary>
    public Task PublishAsync<T>(T message, string? traceParent) where T : class => WriteOutboxAsync(message, typeof(T), destination: null, traceParent);

    /// <summary>Sends a command to its owner's queue once the transaction commits.</summary>
    public Task SendAsync<T>(T message) where T : class => WriteOutboxAsync(message, typeof(T), MessageTypes.QueueFor(typeof(T)), Activity.Current?.Id);

    /// <summary>
    /// Messages are kept here and written to the outbox in one statement just before COMMIT (issue 11: a batch that
    /// emits a message per item paid a round trip per message). Nothing reads the outbox inside the transaction that
    /// writes it, and a rollback discards them with the rest; <see cref="RollbackToAsync"/> keeps savepoints honest.
    /// </summary>
    private Task WriteOutboxAsync(object message, Type type, string? destination, string? traceParent)
    {
        (_outbox ??= []).Add(new OutboxMessage(NewId.NextSequentialGuid(), MessageTypes.NameOf(type), destination,
            JsonSerializer.Serialize(message, type, MessageTypes.Json), traceParent, message));
        return Task.CompletedTask;
    }

    /// <summary>Writes the waiting messages and commits, in one round trip; false (nothing done) when none are waiting.</summary>
    private async Task<bool> TryWriteOutboxAndCommitAsync(CancellationToken ct)
    {
        if (_outbox is not { Count: > 0 } rows) return false;
        _outbox = null;
        _written = rows;
        // In the order published: the relay sends them so (handed over, or polled by id), and consumers of one queue see
        // them in that order. created_at is now, just before COMMIT, not the transaction's start: the relay's poll
        // leaves rows younger than Outbox:StragglerAge to the hand-over, and a long transaction's rows are young when they commit.
        await Connection.ExecuteAsync(new CommandDefinition(
            """
            insert into outbox (message_id, message_type, destination, body, trace_parent, created_at)
            select m.id, m.type, m.destination, m.body::jsonb, m.trace, clock_timestamp()
            from unnest(@ids, @types, @destinations, @bodies, @traces) with ordinality as m(id, type, destination, body, trace, n)
            order by m.n;
            commit
            """,
            new
            {
                ids = rows.Select(r => r.MessageId).ToArray(),
                types = rows.Select(r => r.MessageType).ToArray(),
                destinations = rows.Select(r => r.Destination).ToArray(),
                bodies = rows.Select(r => r.Body).ToArray(),
                traces = rows.Select(r => r.TraceParent).ToArray(),
            }, Transaction, cancellationToken: ct));
        return true;
    }

    /// <summary>A savepoint that also remembers how many messages were waiting for the outbox.</summary>
    public async Task SaveAsync(string savepoint, CancellationToken ct = default)
    {
        await Transaction.SaveAsync(savepoint, ct);
        (_savepoints ??= [])[savepoint] = _outbox?.Count ?? 0;
    }

    /// <summary>Rolls back to <paramref name="savepoint"/>, messages published since included.</summary>
    public async Task RollbackToAsync(string savepoint, CancellationToken ct = default)
    {
        await Transaction.RollbackAsync(savepoint, ct);
        var kept = _savepoints![savepoint];
        if (_outbox is not null && _outbox.Count > kept) _outbox.RemoveRange(kept, _outbox.Count - kept);
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction has committed, never if it rolls back: how metrics count only
    /// what really happened (a retried message that failed before would otherwise be counted twice).
    /// </summary>
    public void OnCommitted(Action action) => (_onCommitted ??= []).Add(action);

    public async Task CommitAsync(CancellationToken ct = default)
    {
        // With messages to write, the outbox insert and the COMMIT go in one round trip (issue 11: one less per
        // transaction that emits anything). PostgreSQL runs them in order and skips the COMMIT when the insert fails
        // (the transaction is then aborted, and disposing rolls it back); Npgsql reads the end of the transaction from
        // the server's ready-for-query status, so the transaction object counts as completed afterwards.
        if (!await TryWriteOutboxAndCommitAsync(ct)) await Transaction.CommitAsync(ct);
        if (_written is not null) _signal.Committed(_written); // the relay sends them without reading them back
        _written = null;
        if (_onCommitted is null) return;
        var actions = _onCommitted;
        _onCommitted = null;
        foreach (var action in actions) action();
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}

/// <summary>Opens units of work on the service's own database.</summary>
public sealed class Db(NpgsqlDataSource dataSource, OutboxSignal signal)
{
    public async Task<UnitOfWork> BeginAsync(CancellationToken ct = default, IsolationLevel isolation = IsolationLevel.ReadCommitted)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(isolation, ct);
            return new UnitOfWork(connection, transaction, signal);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read outside any transaction.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await read(connection);
    }
}
