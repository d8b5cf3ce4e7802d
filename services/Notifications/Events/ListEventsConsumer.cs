using System.Text.Json;
using Dapper;
using Marketplace.Contracts.Notifications;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Notifications.Events;

/// <summary>
/// The caller's feed, oldest first after the cursor: a tenant's or provider's own events, or for an admin the admins'
/// events (reconciliations and discrepancies) and nothing else. The next cursor is always given, so a client polls with it.
/// </summary>
public sealed class ListEventsConsumer(Db db) : IConsumer<ListEvents>
{
    public async Task Consume(ConsumeContext<ListEvents> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        var after = FeedCursor.Validate(errors, m.Limit, m.After);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        var admin = m.Caller.Role == Roles.Admin;
        var rows = (await db.ReadAsync(c => c.QueryAsync<EventRow>(
            $"""
            select seq, id, type, at, data::text as data from events
            where seq > @after and {(admin ? "audience = 'admin'" : "audience = 'org' and organization_id = @org")}
            order by seq limit @limit
            """, new { after, org = m.Caller.OrganizationId, limit = m.Limit }), context.CancellationToken)).AsList();
        var items = rows.Select(r =>
        {
            using var data = JsonDocument.Parse(r.Data);
            return new EventView(r.Id, r.Type, r.At, data.RootElement.Clone());
        }).ToList();
        var next = rows.Count > 0 ? FeedCursor.Encode(rows[^1].Seq) : m.After is { Length: > 0 } ? m.After : FeedCursor.Encode(0);
        await context.RespondAsync(new EventPage(items, next));
    }

    private sealed class EventRow
    {
        public long Seq { get; init; }
        public Guid Id { get; init; }
        public string Type { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string Data { get; init; } = "";
    }
}
