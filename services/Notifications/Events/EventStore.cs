using System.Text.Json;
using Marketplace.Hosting.Database;
using Marketplace.Notifications.Deliveries;

namespace Marketplace.Notifications.Events;

/// <summary>
/// An event to store: <paramref name="Fact"/> names what happened independently of the message that told it
/// ("bid.won:&lt;bidId&gt;"), so the same fact told twice (a redelivery, a re-published copy, or a win learned from the
/// booking's confirmation before the award's own answer) is stored once per recipient. <paramref name="OrganizationId"/>
/// null means every admin.
/// </summary>
public sealed record NewEvent(string Fact, Guid? OrganizationId, string Type, DateTimeOffset At, object Data)
{
    public string SourceKey => $"{Fact}|{Type}|{OrganizationId?.ToString("N") ?? "admin"}";
}

public static class EventStore
{
    // Event writers take turns (a transaction-scoped advisory lock held to commit), so the order of seq is the order of
    // commits: a client that has read up to seq N never later finds an event below N appear. Concurrent writers would
    // otherwise commit out of seq order and a polling client would skip the slower one's event for good.
    private const long WriteLockKey = 0x6e6f7469_66790001;

    /// <summary>
    /// Stores the events not stored yet, in the order given, and a pending delivery for each webhook that subscribes to
    /// one, in the caller's transaction; wakes the delivery worker once it commits.
    /// </summary>
    public static async Task AppendAsync(UnitOfWork uow, DeliverySignal signal, IEnumerable<NewEvent> events)
    {
        var list = events.DistinctBy(e => e.SourceKey).ToList();
        if (list.Count == 0) return;
        await uow.ExecuteAsync("select pg_advisory_xact_lock(@WriteLockKey)", new { WriteLockKey });
        var deliveries = 0;
        foreach (var e in list)
        {
            var audience = e.OrganizationId is null ? "admin" : "org";
            var seq = await uow.QuerySingleOrDefaultAsync<long?>(
                """
                insert into events (id, organization_id, audience, type, at, data, source_key)
                values (@id, @OrganizationId, @audience, @Type, @At, @data::jsonb, @SourceKey)
                on conflict (source_key) do nothing
                returning seq
                """,
                new
                {
                    id = Guid.CreateVersion7(), e.OrganizationId, audience, e.Type, e.At, e.SourceKey,
                    data = JsonSerializer.Serialize(e.Data, e.Data.GetType(), EventJson.Options),
                });
            if (seq is null) continue;
            deliveries += await uow.ExecuteAsync(
                """
                insert into deliveries (id, webhook_id, event_seq)
                select gen_random_uuid(), w.id, @seq from webhooks w
                where @Type = any(w.events)
                  and w.audience = @audience and (@audience = 'admin' or w.organization_id = @OrganizationId)
                """, new { seq, e.Type, audience, e.OrganizationId });
        }
        if (deliveries > 0) uow.OnCommitted(signal.Notify);
    }
}
