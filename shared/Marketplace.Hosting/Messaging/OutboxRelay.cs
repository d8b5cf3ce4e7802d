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
/// Publishes committed outbox rows to RabbitMQ in id order, with publisher confirms, then stamps them sent.
/// Rows are claimed with FOR UPDATE SKIP LOCKED so several instances share the work without sending a row twice
/// while both are alive; a crash between publish and stamp re-sends, and the consumers' inbox absorbs that.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, IBus bus, OutboxSignal signal, IOptions<OutboxOptions> options, HostingMetrics metrics,
    ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private static readonly ActivitySource Source = new("Marketplace.Outbox");
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RelayBatchAsync(stoppingToken) == _options.BatchSize) { }
                failures = 0;
                await PurgeOldRowsAsync(stoppingToken);
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // RabbitMQ or PostgreSQL is away: back off (capped) and try again; nothing is lost, rows stay unsent.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(200 * Math.Pow(2, Math.Min(failures, 5)), 5000));
                logger.LogWarning(ex, "Outbox relay failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Relays one batch; returns how many rows it sent.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var rows = (await connection.QueryAsync<OutboxRow>(
            """
            select id, message_id as MessageId, message_type as MessageType, destination, body::text as Body, trace_parent as TraceParent
            from outbox where sent_at is null order by id limit @batch for update skip locked
            """, new { batch = _options.BatchSize }, transaction)).AsList();
        if (rows.Count == 0) return 0;

        // Start every send in id order on the one channel, then await the confirms together:
        // awaiting each confirm before the next send is MassTransit's slowest path.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var sends = new List<Task>(rows.Count);
        foreach (var row in rows) sends.Add(SendAsync(row, timeout.Token));
        await Task.WhenAll(sends);

        await connection.ExecuteAsync("update outbox set sent_at = now() where id = any(@ids)",
            new { ids = rows.Select(r => r.Id).ToArray() }, transaction);
        await transaction.CommitAsync(ct);
        metrics.Relayed(rows.Count);
        return rows.Count;
    }

    private async Task SendAsync(OutboxRow row, CancellationToken ct)
    {
        var type = MessageTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, type, MessageTypes.Json)!;
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

    private sealed record OutboxRow(long Id, Guid MessageId, string MessageType, string? Destination, string Body, string? TraceParent);
}
