using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Inventory.Holds;

/// <summary>
/// The booking workflow's two steps in inventory, for a whole round's batch in one transaction; a single command is a
/// batch of one.
/// </summary>
public sealed class HoldSteps(IOptions<InventoryOptions> options, TimeProvider clock, InventoryMetrics metrics)
{
    /// <summary>
    /// Step one for one booking or a round's batch, in one transaction: hold free nodes until ConfirmHold, or release
    /// them at the deadline. The bookings are locked first (<see cref="NodeHolds.LockBookingsAsync"/>), so a copy of the
    /// step running beside this one cannot hold nodes too; then one question for all of them says which hold anything
    /// already (a retried step: it answers what it holds) and which had their nodes released (a copy that arrives after
    /// the booking was dropped takes none). The others are held together (<see cref="NodeHolds.TryHoldManyAsync"/>: their
    /// clusters share-locked in id order, and two round trips for the whole batch); one alone in one round trip.
    /// </summary>
    public async Task<(List<NodesHeld> Held, List<NodesUnavailable> Unavailable)> HoldManyAsync(UnitOfWork uow, IReadOnlyList<HoldNodes> items)
    {
        var ids = items.Select(i => i.BookingId).Distinct().ToArray();
        await NodeHolds.LockBookingsAsync(uow, ids);
        var (holding, released) = await NodeHolds.StandingAsync(uow, ids);
        var ordered = items.OrderBy(i => i.ClusterId).ThenBy(i => i.BookingId).ToList();
        var outcomes = new (NodesHeld? Held, NodesUnavailable? Unavailable)[ordered.Count];
        // A booking named twice in one batch, or holding already, is looked at after the batch's holds are taken: it
        // answers what it holds then (its first item's nodes), or tries a hold of its own.
        var seen = new HashSet<Guid>();
        var fresh = new List<int>();
        var again = new List<int>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var item = ordered[i];
            if (released.Contains(item.BookingId)) outcomes[i] = (null, new NodesUnavailable(item.BookingId, item.ClusterId, NodeHolds.ReleasedRefusal));
            else if (!seen.Add(item.BookingId) || holding.Contains(item.BookingId)) again.Add(i);
            else fresh.Add(i);
        }

        var confirmBy = ConfirmBy();
        var terms = fresh.ConvertAll(i => new NodeHolds.Terms(ordered[i].BookingId, ordered[i].ClusterId, ordered[i].NodeCount, ordered[i].StartsAt, ordered[i].EndsAt));
        if (terms.Count == 1)
            outcomes[fresh[0]] = Answer(uow, ordered[fresh[0]], await NodeHolds.TryHoldAsync(uow, terms[0], "held", confirmBy), confirmBy);
        else if (terms.Count > 1)
        {
            var (taken, raced) = await NodeHolds.TryHoldManyAsync(uow, terms, "held", confirmBy);
            for (var k = 0; k < fresh.Count; k++) outcomes[fresh[k]] = Answer(uow, ordered[fresh[k]], taken[k], confirmBy);
            metrics.HoldsRaced(uow, raced);
        }
        foreach (var i in again) outcomes[i] = await HoldAsync(uow, ordered[i]);

        var held = new List<NodesHeld>();
        var unavailable = new List<NodesUnavailable>();
        foreach (var (h, u) in outcomes)
        {
            if (h is not null) held.Add(h);
            else unavailable.Add(u!);
        }
        return (held, unavailable);
    }

    /// <summary>A booking that may hold nodes already (a retried command with a new message id, or named twice in a batch).</summary>
    private async Task<(NodesHeld? Held, NodesUnavailable? Unavailable)> HoldAsync(UnitOfWork uow, HoldNodes m)
    {
        if (await NodeHolds.HeldByAsync(uow, m.BookingId) is { } existing)
        {
            // Answer what it holds, with the deadline it already has: a retry neither takes more nodes nor extends the hold.
            return (new NodesHeld(m.BookingId, existing.ClusterId, existing.Nodes, existing.StartsAt, existing.EndsAt,
                existing.ExpiresAt ?? clock.GetUtcNow() + options.Value.HoldTimeout), null);
        }
        var confirmBy = ConfirmBy();
        return Answer(uow, m, await NodeHolds.TryHoldAsync(uow, new(m.BookingId, m.ClusterId, m.NodeCount, m.StartsAt, m.EndsAt), "held", confirmBy), confirmBy);
    }

    /// <summary>A new hold's deadline, in whole microseconds as timestamptz stores it: the deadline announced is exactly the one a retry reads back.</summary>
    private DateTimeOffset ConfirmBy()
    {
        var deadline = clock.GetUtcNow() + options.Value.HoldTimeout;
        return deadline.AddTicks(-(deadline.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    private (NodesHeld? Held, NodesUnavailable? Unavailable) Answer(UnitOfWork uow, HoldNodes m, (int[]? Nodes, string? Refusal) hold, DateTimeOffset confirmBy)
    {
        if (hold.Nodes is null)
        {
            metrics.HoldRefused(uow);
            return (null, new NodesUnavailable(m.BookingId, m.ClusterId, hold.Refusal!));
        }
        metrics.HoldTaken(uow);
        return (new NodesHeld(m.BookingId, m.ClusterId, hold.Nodes, m.StartsAt, m.EndsAt, confirmBy), null);
    }

    /// <summary>Step two: make a hold permanent. If it already expired, take the nodes again when still free, else HoldLost.</summary>
    public async Task<(HoldConfirmed? Confirmed, HoldLost? Lost)> ConfirmAsync(UnitOfWork uow, ConfirmHold m)
    {
        var (confirmed, lost) = await ConfirmManyAsync(uow, [m]);
        return (confirmed.FirstOrDefault(), lost.FirstOrDefault());
    }

    /// <summary>
    /// Step two for many bookings: every hold still there made permanent in one statement (its rows locked in id order,
    /// as every batch locks them); a booking whose hold expired takes its nodes again when still free, else HoldLost.
    /// </summary>
    public async Task<(List<HoldConfirmed> Confirmed, List<HoldLost> Lost)> ConfirmManyAsync(UnitOfWork uow, IReadOnlyList<ConfirmHold> items)
    {
        var ids = items.Select(i => i.BookingId).Distinct().ToArray();
        await NodeHolds.LockBookingsAsync(uow, ids);
        var nodesOf = await BookAsync(uow, ids);
        // A booking with no hold left: its hold expired, or it was released (then it takes no nodes anew). An outage
        // that rewrote its rows did so under the same lock, so this transaction's statements see the new rows.
        var released = await NodeHolds.ReleasedAsync(uow, ids.Where(id => !nodesOf.ContainsKey(id)).ToArray());
        var confirmed = new List<HoldConfirmed>();
        var lost = new List<HoldLost>();
        foreach (var m in items.OrderBy(i => i.ClusterId).ThenBy(i => i.BookingId))
        {
            if (released.Contains(m.BookingId))
            {
                lost.Add(new HoldLost(m.BookingId, m.ClusterId, NodeHolds.ReleasedRefusal));
                continue;
            }
            if (!nodesOf.TryGetValue(m.BookingId, out var nodes))
            {
                var (held, refusal) = await NodeHolds.TryHoldAsync(uow, new(m.BookingId, m.ClusterId, m.NodeCount, m.StartsAt, m.EndsAt), "booked", null);
                if (held is null)
                {
                    lost.Add(new HoldLost(m.BookingId, m.ClusterId, refusal!));
                    continue;
                }
                nodesOf[m.BookingId] = nodes = held; // a booking named twice in the batch is confirmed on these nodes
            }
            metrics.HoldConfirmed(uow);
            confirmed.Add(new HoldConfirmed(m.BookingId, m.ClusterId, nodes));
        }
        return (confirmed, lost);
    }

    /// <summary>Makes the bookings' holds permanent (their rows locked in id order, as every batch locks them): nodes by booking.</summary>
    private static async Task<Dictionary<Guid, int[]>> BookAsync(UnitOfWork uow, Guid[] ids) =>
        (await uow.QueryAsync<(Guid BookingId, int NodeIndex)>(
                """
                update node_holds h set status = 'booked', expires_at = null
                from (select id from node_holds where booking_id = any(@ids) order by id for update) locked
                where h.id = locked.id
                returning h.booking_id, h.node_index
                """, new { ids }))
            .GroupBy(r => r.BookingId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.NodeIndex).Order().ToArray());
}

public sealed class HoldNodesConsumer(Db db, HoldSteps steps) : TransactionalConsumer<HoldNodes>(db)
{
    protected override async Task Handle(ConsumeContext<HoldNodes> context, UnitOfWork uow)
    {
        var (held, unavailable) = await steps.HoldManyAsync(uow, [context.Message]);
        if (held.Count > 0) await uow.PublishAsync(held[0]);
        else await uow.PublishAsync(unavailable[0]);
    }
}

/// <summary>A round's holds: one transaction, one answer.</summary>
public sealed class HoldNodesBatchConsumer(Db db, HoldSteps steps) : TransactionalConsumer<HoldNodesBatch>(db)
{
    protected override async Task Handle(ConsumeContext<HoldNodesBatch> context, UnitOfWork uow)
    {
        var (held, unavailable) = await steps.HoldManyAsync(uow, context.Message.Items);
        await uow.PublishAsync(new HoldsAnswered(held, unavailable));
    }
}

public sealed class ConfirmHoldConsumer(Db db, HoldSteps steps) : TransactionalConsumer<ConfirmHold>(db)
{
    protected override async Task Handle(ConsumeContext<ConfirmHold> context, UnitOfWork uow)
    {
        var (confirmed, lost) = await steps.ConfirmAsync(uow, context.Message);
        if (confirmed is not null) await uow.PublishAsync(confirmed);
        else await uow.PublishAsync(lost!);
    }
}

public sealed class ConfirmHoldBatchConsumer(Db db, HoldSteps steps) : TransactionalConsumer<ConfirmHoldBatch>(db)
{
    protected override async Task Handle(ConsumeContext<ConfirmHoldBatch> context, UnitOfWork uow)
    {
        var (confirmed, lost) = await steps.ConfirmManyAsync(uow, context.Message.Items);
        await uow.PublishAsync(new ConfirmsAnswered(confirmed, lost));
    }
}

/// <summary>Frees a booking's nodes, all of them or from a moment on (a cancellation frees the hours not yet used).</summary>
public sealed class ReleaseNodesConsumer(Db db, InventoryMetrics metrics) : TransactionalConsumer<ReleaseNodes>(db)
{
    protected override async Task Handle(ConsumeContext<ReleaseNodes> context, UnitOfWork uow)
    {
        var m = context.Message;
        // After this nothing takes nodes for the booking again: a confirmation that arrives late finds the mark.
        await NodeHolds.LockBookingsAsync(uow, [m.BookingId]);
        await NodeHolds.MarkReleasedAsync(uow, m.BookingId);
        int freed;
        if (m.From is null)
        {
            freed = await uow.ExecuteAsync("delete from node_holds where booking_id = @BookingId", m);
        }
        else
        {
            freed = await uow.ExecuteAsync("delete from node_holds where booking_id = @BookingId and lower(period) >= @From", m);
            freed += await uow.ExecuteAsync(
                "update node_holds set period = tstzrange(lower(period), @From, '[)') where booking_id = @BookingId and period @> @From::timestamptz",
                m);
        }
        await uow.PublishAsync(new NodesReleased(m.BookingId, m.Reason));
        if (freed > 0) metrics.HoldReleased(uow);
    }
}

/// <summary>
/// Holds of the bookings that hold anything over a period, all of each booking's rows (an outage may have split them
/// across clusters and periods), paged by booking: what settlement's reconciliation compares against bookings.
/// </summary>
public sealed class ListHoldsConsumer(Db db) : IConsumer<ListHolds>
{
    public async Task Consume(ConsumeContext<ListHolds> context)
    {
        var m = context.Message;
        // An empty or inverted period holds nothing (and tstzrange would refuse an inverted one).
        if (m.To <= m.From) { await context.RespondAsync(new HoldPage([], null)); return; }
        var after = Guid.TryParse(m.Cursor, out var id) ? id : Guid.Empty;
        var limit = Math.Clamp(m.Limit, 1, 1000);
        await using var uow = await db.BeginAsync(context.CancellationToken);
        // NodeHours: an outage can leave a booking's nodes with different periods (other nodes took over part of it),
        // which the bounds alone cannot tell; reconciliation compares node-hours then. Outage rows are nobody's hold.
        var rows = (await uow.QueryAsync<(Guid BookingId, Guid ClusterId, Guid ProviderId, int[] Nodes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, decimal NodeHours)>(
            """
            select h.booking_id, h.cluster_id, c.provider_id, array_agg(distinct h.node_index order by h.node_index),
                   min(lower(h.period)), max(upper(h.period)), min(h.status),
                   sum(extract(epoch from upper(h.period) - lower(h.period)) / 3600)::numeric
            from node_holds h join clusters c on c.id = h.cluster_id
            where h.booking_id in (select distinct booking_id from node_holds
                                   where period && tstzrange(@From, @To, '[)') and booking_id > @after
                                   order by booking_id limit @limit)
            group by h.booking_id, h.cluster_id, c.provider_id
            order by h.booking_id, h.cluster_id
            """, new { m.From, m.To, after, limit })).AsList();
        var items = rows.Select(r => new HoldRecord(r.BookingId, r.ClusterId, r.ProviderId, r.Nodes, r.StartsAt, r.EndsAt, r.Status, r.NodeHours)).ToList();
        // A page is `limit` bookings (each with all its clusters), so a booking is never split across pages.
        var full = rows.Select(r => r.BookingId).Distinct().Count() == limit;
        await context.RespondAsync(new HoldPage(items, full ? rows[^1].BookingId.ToString() : null));
    }
}
