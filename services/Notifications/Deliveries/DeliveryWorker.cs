using System.Text;
using System.Text.Json;
using Marketplace.Hosting;
using Marketplace.Hosting.Database;
using Marketplace.Notifications.Events;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Deliveries;

/// <summary>
/// Sends due deliveries. A pass claims up to DeliveryBatchSize pending rows (FOR UPDATE SKIP LOCKED, so instances share
/// the work) by moving them to delivering with a lease, and commits; then POSTs them side by side, outside any
/// transaction, and records each outcome with its attempt row in a transaction of its own. A delivery whose worker died
/// mid-POST is due again when its lease ends: the receiver may then get the same event twice (at least once; it
/// dedupes on the event id), but a delivery recorded succeeded is never sent again.
/// </summary>
public sealed class DeliveryWorker(
    Db db, DeliverySignal signal, WebhookSender sender, IOptionsMonitor<NotificationsOptions> options, ILogger<DeliveryWorker> logger)
    : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.CurrentValue.DeliveryPollInterval;

    protected override Task WaitAsync(TimeSpan interval, CancellationToken ct) => signal.WaitAsync(interval, ct);

    protected override async Task<int> RunPassAsync(CancellationToken ct)
    {
        await ReleaseInterruptedAsync(ct);
        var claimed = await ClaimAsync(ct);
        await Task.WhenAll(claimed.Select(d => DeliverAsync(d, ct)));
        return claimed.Count;
    }

    /// <summary>Deliveries whose lease ended while delivering (their instance crashed): pending again, the attempt logged as unknown.</summary>
    private async Task ReleaseInterruptedAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var stuck = (await uow.QueryAsync<Claimed>(
            """
            select d.id, d.attempts, d.webhook_id, e.id as event_id, e.type from deliveries d join events e on e.seq = d.event_seq
            where d.state = 'delivering' and d.lease_until < now()
            order by d.lease_until limit 100 for update of d skip locked
            """)).ToList();
        if (stuck.Count == 0) return;
        foreach (var d in stuck)
        {
            await Deliveries.TransitionAsync(uow, new DeliveryMove([d.Id], DeliveryStates.Delivering, DeliveryStates.Pending, d.Attempts, DateTimeOffset.UtcNow));
            await RecordAttemptAsync(uow, d, "retrying", null, "interrupted before the outcome was recorded; the receiver may have got it");
        }
        await uow.CommitAsync(ct);
        logger.LogWarning("{Count} webhook deliveries were interrupted and are due again", stuck.Count);
    }

    private async Task<List<Claimed>> ClaimAsync(CancellationToken ct)
    {
        var o = options.CurrentValue;
        await using var uow = await db.BeginAsync(ct);
        var due = (await uow.QueryAsync<Guid>(
            """
            select id from deliveries where state = 'pending' and next_attempt_at <= now()
            order by next_attempt_at limit @take for update skip locked
            """, new { take = o.DeliveryBatchSize })).ToList();
        var moved = await Deliveries.TransitionAsync(uow, new DeliveryMove(due, DeliveryStates.Pending, DeliveryStates.Delivering, Lease: o.DeliveryLease));
        if (moved.Count == 0) return [];
        var claimed = (await uow.QueryAsync<Claimed>(
            """
            select d.id, d.attempts, d.first_attempt_at, d.webhook_id, w.url, w.secret, e.id as event_id, e.type, e.at, e.data::text as data
            from deliveries d join webhooks w on w.id = d.webhook_id join events e on e.seq = d.event_seq
            where d.id = any(@ids)
            """, new { ids = moved.ToArray() })).ToList();
        await uow.CommitAsync(ct);
        return claimed;
    }

    private async Task DeliverAsync(Claimed d, CancellationToken ct)
    {
        var o = options.CurrentValue;
        try
        {
            var body = Body(d);
            AttemptOutcome outcome;
            bool giveUp;
            if (body.Length > o.MaxBodyBytes)
            {
                outcome = new AttemptOutcome(false, null, $"the body is {body.Length} bytes, over the {o.MaxBodyBytes}-byte limit for webhooks; not sent");
                giveUp = true;
            }
            else
            {
                outcome = await sender.SendAsync(new Uri(d.Url), d.Secret, body, ct);
                giveUp = false;
            }

            var now = DateTimeOffset.UtcNow;
            var next = outcome.Succeeded || giveUp ? null : RetrySchedule.Next(o, d.Attempts, d.FirstAttemptAt ?? now, now, Random.Shared.NextDouble());
            var (to, status) = outcome.Succeeded ? (DeliveryStates.Succeeded, "succeeded")
                : next is null ? (DeliveryStates.Failed, "failed")
                : (DeliveryStates.Pending, "retrying");
            await using var uow = await db.BeginAsync(ct);
            var moved = await Deliveries.TransitionAsync(uow, new DeliveryMove([d.Id], DeliveryStates.Delivering, to, d.Attempts, next));
            // Not moved: the webhook was removed meanwhile, or the lease ended and another attempt took over.
            if (moved.Count == 0) return;
            await RecordAttemptAsync(uow, d, status, outcome.ResponseStatus, outcome.Error);
            await uow.CommitAsync(ct);
            if (to == DeliveryStates.Failed)
                logger.LogWarning("Webhook {Webhook} gave up on event {Event} after {Attempts} attempts: {Error}", d.WebhookId, d.EventId, d.Attempts,
                    outcome.Error ?? $"HTTP {outcome.ResponseStatus}");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Left delivering: the lease ends and the delivery is due again.
            logger.LogWarning(ex, "Recording webhook delivery {Delivery} failed; it is due again when its lease ends", d.Id);
        }
    }

    /// <summary>The POSTed body, as the feed shows the event: {id, type, at, data}.</summary>
    public static byte[] Body(Claimed d)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", d.EventId);
            json.WriteString("type", d.Type);
            json.WriteString("at", EventJson.Time(d.At));
            json.WritePropertyName("data");
            json.WriteRawValue(d.Data, skipInputValidation: true);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static Task RecordAttemptAsync(UnitOfWork uow, Claimed d, string status, int? responseStatus, string? error) => uow.ExecuteAsync(
        """
        insert into delivery_attempts (id, delivery_id, webhook_id, event_id, event_type, attempt, status, response_status, error)
        values (@attemptId, @deliveryId, @WebhookId, @EventId, @Type, @Attempts, @status, @responseStatus, @error)
        on conflict (delivery_id, attempt) do nothing
        """, new { attemptId = Guid.CreateVersion7(), deliveryId = d.Id, d.WebhookId, d.EventId, d.Type, d.Attempts, status, responseStatus, error = Truncate(error) });

    private static string? Truncate(string? text) => text is { Length: > 500 } ? text[..500] : text;

    public sealed class Claimed
    {
        public Guid Id { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset? FirstAttemptAt { get; init; }
        public Guid WebhookId { get; init; }
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
        public Guid EventId { get; init; }
        public string Type { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string Data { get; init; } = "";

        public override string ToString() => $"delivery {Id} of event {EventId}"; // never the secret
    }
}
