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
        // Two statements for the whole batch (a round's confirmations are hundreds of events): the events, seq in list
        // order; then a delivery for each webhook subscribed to one that was new.
        var stored = (await uow.QueryAsync<(long Seq, string Type, string Audience, Guid? OrganizationId)>(
            """
            insert into events (id, organization_id, audience, type, at, data, source_key)
            select e.id, e.organization_id, e.audience, e.type, e.at, e.data::jsonb, e.source_key
            from unnest(@ids, @organizations, @audiences, @types, @ats, @datas, @keys) with ordinality
                 as e(id, organization_id, audience, type, at, data, source_key, n)
            order by e.n
            on conflict (source_key) do nothing
            returning seq, type, audience, organization_id
            """,
            new
            {
                ids = list.Select(_ => Guid.CreateVersion7()).ToArray(),
                organizations = list.Select(e => e.OrganizationId).ToArray(),
                audiences = list.Select(e => e.OrganizationId is null ? "admin" : "org").ToArray(),
                types = list.Select(e => e.Type).ToArray(),
                ats = list.Select(e => e.At).ToArray(),
                datas = list.Select(e => JsonSerializer.Serialize(e.Data, e.Data.GetType(), EventJson.Options)).ToArray(),
                keys = list.Select(e => e.SourceKey).ToArray(),
            })).ToList();
        if (stored.Count == 0) return;
        var deliveries = await uow.ExecuteAsync(
            """
            insert into deliveries (id, webhook_id, event_seq)
            select gen_random_uuid(), w.id, e.seq
            from unnest(@seqs, @types, @audiences, @organizations) as e(seq, type, audience, organization_id)
            join webhooks w on e.type = any(w.events) and w.audience = e.audience
                           and (e.audience = 'admin' or w.organization_id = e.organization_id)
            """,
            new
            {
                seqs = stored.Select(e => e.Seq).ToArray(), types = stored.Select(e => e.Type).ToArray(),
                audiences = stored.Select(e => e.Audience).ToArray(), organizations = stored.Select(e => e.OrganizationId).ToArray(),
            });
        if (deliveries > 0) uow.OnCommitted(signal.Notify);
    }
}
