using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Hosting.Messaging;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Marketplace.Inventory.Tests.Support;

/// <summary>An event the inventory service wrote to its outbox (the events it emits, in the order it decided them).</summary>
public sealed record Outcome(string Type, JsonObject Body)
{
    public int[] NodeIndexes => Body["nodeIndexes"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
    public string? Reason => Body["reason"]?.GetValue<string>();
}

/// <summary>One row of node_holds.</summary>
public sealed class HoldRow
{
    public Guid BookingId { get; init; }
    public int NodeIndex { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? ExpiresAt { get; init; }

    public override string ToString() => $"{BookingId} node {NodeIndex} [{StartsAt:O}, {EndsAt:O}) {Status}";
}

/// <summary>
/// Drives the real inventory service the way the allocation service does: commands sent over the inventory host's own
/// bus (with chosen message ids, to redeliver), and its database read directly to see what it decided.
/// </summary>
public sealed class InventoryDriver(MarketplaceFixture market)
{
    public IBus Bus => market.InventoryHost.Services.GetRequiredService<IBus>();

    /// <summary>
    /// Sends a command to its queue (hold-nodes, confirm-hold, ...) the way the outbox relay does, through the exchange
    /// bound to the quorum queue (a "queue:" address would redeclare it as classic); returns the message id used.
    /// </summary>
    public async Task<Guid> SendAsync<T>(T command, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        var endpoint = await Bus.GetSendEndpoint(new Uri($"exchange:{MessageTypes.QueueFor(typeof(T))}"));
        await endpoint.Send(command, context => context.MessageId = id);
        return id;
    }

    public NpgsqlConnection Connect() => new(TestEnvironment.ConnectionString(market.DatabaseOf("inventory")));

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = Connect();
        return (await connection.QueryAsync<T>(sql, args)).AsList();
    }

    /// <summary>The events about a booking, oldest first.</summary>
    public async Task<List<Outcome>> OutcomesAsync(Guid bookingId) =>
        (await QueryAsync<(string Type, string Body)>(
            "select message_type, body::text from outbox where body->>'bookingId' = @id order by id", new { id = bookingId.ToString() }))
        .Select(r => new Outcome(ShortName(r.Type), JsonNode.Parse(r.Body)!.AsObject()))
        .ToList();

    /// <summary>The events about each of the bookings, oldest first.</summary>
    public async Task<ILookup<Guid, Outcome>> OutcomesAsync(IReadOnlyCollection<Guid> bookingIds) =>
        (await QueryAsync<(string Type, string Body)>(
            "select message_type, body::text from outbox where body->>'bookingId' = any(@ids) order by id",
            new { ids = bookingIds.Select(b => b.ToString()).ToArray() }))
        .Select(r => new Outcome(ShortName(r.Type), JsonNode.Parse(r.Body)!.AsObject()))
        .ToLookup(o => Guid.Parse(o.Body["bookingId"]!.GetValue<string>()));

    /// <summary>Waits until every booking has at least one event; returns the first of each.</summary>
    public async Task<Dictionary<Guid, Outcome>> FirstOutcomesAsync(IReadOnlyCollection<Guid> bookingIds)
    {
        var outcomes = await Eventually.Until(() => OutcomesAsync(bookingIds), o => bookingIds.All(o.Contains),
            timeout: TimeSpan.FromSeconds(60), what: $"an outcome for each of {bookingIds.Count} bookings");
        return bookingIds.ToDictionary(b => b, b => outcomes[b].First());
    }

    /// <summary>How many of the cluster's nodes have no hold overlapping [startsAt, endsAt).</summary>
    public async Task<int> FreeNodesAsync(Guid clusterId, DateTimeOffset startsAt, DateTimeOffset endsAt) => (int)(await QueryAsync<long>(
        """
        select count(*) from nodes n
        where n.cluster_id = @clusterId
          and not exists (select 1 from node_holds h where h.cluster_id = n.cluster_id and h.node_index = n.node_index
                                                       and h.period && tstzrange(@startsAt, @endsAt, '[)'))
        """, new { clusterId, startsAt, endsAt })).Single();

    /// <summary>Waits until the booking has <paramref name="count"/> events and returns the last of them.</summary>
    public async Task<Outcome> OutcomeAsync(Guid bookingId, int count = 1) =>
        (await Eventually.Until(() => OutcomesAsync(bookingId), o => o.Count >= count, what: $"{count} outcome(s) for booking {bookingId}"))[count - 1];

    /// <summary>Waits until the booking has an event of the type; returns the latest such event.</summary>
    public async Task<Outcome> OutcomeAsync(Guid bookingId, string type) =>
        (await Eventually.Until(() => OutcomesAsync(bookingId), o => o.Any(e => e.Type == type), what: $"{type} for booking {bookingId}"))
        .Last(e => e.Type == type);

    public Task<List<HoldRow>> HoldsOfAsync(Guid bookingId) => QueryAsync<HoldRow>(
        """
        select booking_id, node_index, lower(period) as starts_at, upper(period) as ends_at, status, expires_at
        from node_holds where booking_id = @bookingId order by node_index, lower(period)
        """, new { bookingId });

    public Task<List<HoldRow>> HoldsOnAsync(Guid clusterId) => QueryAsync<HoldRow>(
        """
        select booking_id, node_index, lower(period) as starts_at, upper(period) as ends_at, status, expires_at
        from node_holds where cluster_id = @clusterId order by node_index, lower(period)
        """, new { clusterId });

    /// <summary>Pairs of holds on one node whose hours overlap: there must never be any.</summary>
    public async Task<long> OverlappingPairsAsync() => (await QueryAsync<long>(
        """
        select count(*) from node_holds a join node_holds b
          on a.cluster_id = b.cluster_id and a.node_index = b.node_index and a.id < b.id and a.period && b.period
        """)).Single();

    private static string ShortName(string messageType)
    {
        var fullName = messageType.Split(',')[0];
        return fullName[(fullName.LastIndexOf('.') + 1)..];
    }
}
