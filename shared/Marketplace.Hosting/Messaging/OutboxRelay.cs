using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Marketplace.Hosting.Metrics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ with publisher confirms, then stamps them sent. The rows this process
/// commits are handed over in memory (<see cref="OutboxSignal"/>) and sent in commit order without being read back,
/// and stamped together before the next poll, not one statement after each send (below);
/// a poll every PollInterval sends the rest in id order: rows of another instance or of a process that stopped
/// before sending, once they are <see cref="OutboxOptions.StragglerAge"/> old (the instance that wrote them normally sent them
/// long before). Polled rows are claimed with FOR UPDATE SKIP LOCKED so instances do not send one twice. After a
/// failure the relay forgets what was handed over and polls every unsent row whatever its age, in id order, until
/// it has caught up. A crash between publish and stamp, a slow transaction's row polled while its writer sends it,
/// or the recovery after a failure can send a message twice; the consumers' inbox absorbs that.
/// <para>
/// Why the stamps wait (issue 11): at 100 bids/s a hand-over is one or two rows, and stamping each one was a statement
/// and a commit of its own, about a third of all commits of the running system. A sent row stays unstamped until the
/// next poll (PollInterval at most), which stamps everything sent since in one statement first, so the poll never
/// takes a row this relay sent. A crash in that window sends those rows again after the restart, like a crash between
/// a send and its stamp did before; the inbox absorbs them.
/// </para>
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, IBus bus, OutboxSignal signal, IOptions<OutboxOptions> options, HostingMetrics metrics,
    ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private static readonly ActivitySource Source = new("Marketplace.Outbox");
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;
    /// <summary>False from a failure until a poll of every unsent row has caught up: meanwhile nothing is handed over.</summary>
    private bool _handingOver = true;
    /// <summary>Rows handed over and sent, not yet stamped; kept across a failure so the catch-up does not send them again.</summary>
    private readonly List<Guid> _unstamped = [];
    /// <summary>Marks rows sent; one that another instance's poll stamped meanwhile keeps its stamp.</summary>
    private const string StampSql = "update outbox set sent_at = now() where message_id = any(@ids) and sent_at is null";
    /// <summary>More sent and unstamped than this are stamped at once, without waiting for the poll.</summary>
    private const int MaxUnstamped = 2000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await RelayUntilStoppedAsync(stoppingToken); }
        finally { await StampOnStopAsync(); }
    }

    private async Task RelayUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var nextPoll = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full queue left some transaction's rows to the table: poll everything, so they keep their order.
                if (signal.TakeOverflow()) _handingOver = false;
                // Full batches back to back, but the poll (and the purge) still get their turn under sustained load.
                if (_handingOver)
                    while (await SendHandedOverAsync(stoppingToken) == _options.BatchSize && DateTimeOffset.UtcNow < nextPoll) { }
                if (!_handingOver || DateTimeOffset.UtcNow >= nextPoll)
                {
                    if (!_handingOver) signal.Drop(); // the poll reads them from the table, in id order
                    await StampAsync(stoppingToken);
                    while (await RelayBatchAsync(stoppingToken) == _options.BatchSize) { }
                    // Rows committed while a catch-up poll ran may have been polled too: leave them to the next poll.
                    if (!_handingOver) signal.Drop();
                    _handingOver = true;
                    nextPoll = DateTimeOffset.UtcNow + _options.PollInterval;
                }
                failures = 0;
                await PurgeOldRowsAsync(stoppingToken);
                var untilPoll = nextPoll - DateTimeOffset.UtcNow;
                await signal.WaitAsync(untilPoll > TimeSpan.Zero ? untilPoll : TimeSpan.Zero, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // RabbitMQ or PostgreSQL is away: back off (capped) and try again; nothing is lost, rows stay unsent.
                failures++;
                _handingOver = false;
                signal.Drop();
                var delay = TimeSpan.FromMilliseconds(Math.Min(200 * Math.Pow(2, Math.Min(failures, 5)), 5000));
                logger.LogWarning(ex, "Outbox relay failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Stamps the rows sent and not yet stamped, in one statement.</summary>
    private async Task StampAsync(CancellationToken ct)
    {
        if (_unstamped.Count == 0) return;
        // No transaction: a row the poll of another instance stamped meanwhile keeps its stamp.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(StampSql, new { ids = _unstamped.ToArray() });
        _unstamped.Clear();
    }

    /// <summary>On the way out: what was sent is stamped if the database lets it, so a restart does not send it again.</summary>
    private async Task StampOnStopAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await StampAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Outbox relay could not stamp {Count} sent rows on its way out; they will be sent again", _unstamped.Count);
        }
    }

    /// <summary>Sends up to a batch of the rows this process committed, to be stamped before the next poll; returns how many.</summary>
    private async Task<int> SendHandedOverAsync(CancellationToken ct)
    {
        var rows = signal.Take(_options.BatchSize);
        if (rows.Count == 0) return 0;
        await SendAllAsync(rows, ct);
        foreach (var row in rows) _unstamped.Add(row.MessageId);
        metrics.Relayed(rows.Count, polled: false);
        if (_unstamped.Count >= MaxUnstamped) await StampAsync(ct);
        return rows.Count;
    }

    /// <summary>
    /// Polls one batch of unsent rows in id order (while handing over, only those <see cref="OutboxOptions.StragglerAge"/> old),
    /// sends them and stamps them sent; returns how many.
    /// </summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var rows = (await connection.QueryAsync<PolledRow>(
            """
            select message_id as MessageId, message_type as MessageType, destination, body::text as Body, trace_parent as TraceParent
            from outbox where sent_at is null and created_at <= now() - @minAge
            order by id limit @batch for update skip locked
            """, new { batch = _options.BatchSize, minAge = _handingOver ? _options.StragglerAge : TimeSpan.Zero }, transaction))
            .Select(r => new OutboxMessage(r.MessageId, r.MessageType, r.Destination, r.Body, r.TraceParent)).ToList();
        if (rows.Count == 0) return 0;

        await SendAllAsync(rows, ct);
        await connection.ExecuteAsync(StampSql, new { ids = rows.Select(r => r.MessageId).ToArray() }, transaction);
        await transaction.CommitAsync(ct);
        metrics.Relayed(rows.Count, polled: true);
        return rows.Count;
    }

    /// <summary>
    /// Starts every send in order on the one channel, then awaits the confirms together: awaiting each confirm before
    /// the next send is MassTransit's slowest path.
    /// </summary>
    private async Task SendAllAsync(List<OutboxMessage> rows, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var sends = new List<Task>(rows.Count);
        foreach (var row in rows) sends.Add(SendAsync(row, timeout.Token));
        // WaitAsync too: a publish whose confirm was lost with its connection may never end, token or not
        // (BoundedRequest says more). The rows stay unsent and go again on the next try.
        await Task.WhenAll(sends).WaitAsync(timeout.Token);
    }

    private async Task SendAsync(OutboxMessage row, CancellationToken ct)
    {
        var type = MessageTypes.Resolve(row.MessageType);
        var message = row.Message ?? JsonSerializer.Deserialize(row.Body, type, MessageTypes.Json)!;
        using var activity = row.TraceParent is null
            ? null
            : Source.StartActivity("outbox relay", ActivityKind.Producer, row.TraceParent);
        if (row.Destination is null)
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(c => c.MessageId = row.MessageId), ct);
        }
        else
        {
            // "exchange:" and not "queue:": a send endpoint would redeclare the queue as classic and RabbitMQ refuses
            // that for an existing quorum queue. The endpoint's exchange is bound to its queue by the consumer side.
            var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{row.Destination}"));
            await endpoint.Send(message, type, Pipe.Execute<SendContext>(c => c.MessageId = row.MessageId), ct);
        }
    }

    private async Task PurgeOldRowsAsync(CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow < _nextPurge) return;
        _nextPurge = DateTimeOffset.UtcNow.AddMinutes(10);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var cutoff = DateTimeOffset.UtcNow - _options.Retention;
        await connection.ExecuteAsync("delete from outbox where sent_at < @cutoff", new { cutoff });
        await connection.ExecuteAsync("delete from inbox where processed_at < @cutoff", new { cutoff });
    }

    private sealed record PolledRow(Guid MessageId, string MessageType, string? Destination, string Body, string? TraceParent);
}
