using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Inventory.Holds;

/// <summary>Step one of the booking workflow: hold free nodes until ConfirmHold, or release them at the deadline.</summary>
public sealed class HoldNodesConsumer(Db db, IOptions<InventoryOptions> options, TimeProvider clock, InventoryMetrics metrics)
    : TransactionalConsumer<HoldNodes>(db)
{
    protected override async Task Handle(ConsumeContext<HoldNodes> context, UnitOfWork uow)
    {
        var m = context.Message;
        if (await NodeHolds.HeldByAsync(uow, m.BookingId) is { } existing)
        {
            // The booking already holds nodes (a retried command with a new message id): answer what it holds, with the
            // deadline it already has. A retry neither takes more nodes nor extends the hold.
            await uow.PublishAsync(new NodesHeld(m.BookingId, existing.ClusterId, existing.Nodes, existing.StartsAt, existing.EndsAt,
                existing.ExpiresAt ?? clock.GetUtcNow() + options.Value.HoldTimeout));
            return;
        }
        // Whole microseconds, as timestamptz stores it: the deadline announced is exactly the one a retry reads back.
        var deadline = clock.GetUtcNow() + options.Value.HoldTimeout;
        var confirmBy = deadline.AddTicks(-(deadline.Ticks % TimeSpan.TicksPerMicrosecond));
        var (nodes, refusal) = await NodeHolds.TryHoldAsync(uow, new(m.BookingId, m.ClusterId, m.NodeCount, m.StartsAt, m.EndsAt), "held", confirmBy);
        if (nodes is null)
        {
            await uow.PublishAsync(new NodesUnavailable(m.BookingId, m.ClusterId, refusal!));
            return;
        }
        await uow.PublishAsync(new NodesHeld(m.BookingId, m.ClusterId, nodes, m.StartsAt, m.EndsAt, confirmBy));
        metrics.HoldTaken(uow);
    }
}

/// <summary>Makes a hold permanent. If the hold already expired, takes the nodes again when still free, else reports HoldLost.</summary>
public sealed class ConfirmHoldConsumer(Db db, InventoryMetrics metrics) : TransactionalConsumer<ConfirmHold>(db)
{
    protected override async Task Handle(ConsumeContext<ConfirmHold> context, UnitOfWork uow)
    {
        var m = context.Message;
        await uow.ExecuteAsync("update node_holds set status = 'booked', expires_at = null where booking_id = @BookingId", m);
        var nodes = await NodeHolds.NodesOfAsync(uow, m.BookingId);
        if (nodes.Length == 0)
        {
            var (held, refusal) = await NodeHolds.TryHoldAsync(uow, new(m.BookingId, m.ClusterId, m.NodeCount, m.StartsAt, m.EndsAt), "booked", null);
            if (held is null)
            {
                await uow.PublishAsync(new HoldLost(m.BookingId, m.ClusterId, refusal!));
                return;
            }
            nodes = held;
        }
        await uow.PublishAsync(new HoldConfirmed(m.BookingId, m.ClusterId, nodes));
        metrics.HoldConfirmed(uow);
    }
}

/// <summary>Frees a booking's nodes, all of them or from a moment on (a cancellation frees the hours not yet used).</summary>
public sealed class ReleaseNodesConsumer(Db db, InventoryMetrics metrics) : TransactionalConsumer<ReleaseNodes>(db)
{
    protected override async Task Handle(ConsumeContext<ReleaseNodes> context, UnitOfWork uow)
    {
        var m = context.Message;
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

/// <summary>Holds over a period, paged by (booking, node): what settlement's reconciliation compares against bookings.</summary>
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
        var rows = (await uow.QueryAsync<(Guid BookingId, Guid ClusterId, Guid ProviderId, int[] Nodes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status)>(
            """
            select h.booking_id, h.cluster_id, c.provider_id, array_agg(h.node_index order by h.node_index),
                   min(lower(h.period)), max(upper(h.period)), min(h.status)
            from node_holds h join clusters c on c.id = h.cluster_id
            where h.period && tstzrange(@From, @To, '[)') and h.booking_id > @after
            group by h.booking_id, h.cluster_id, c.provider_id
            order by h.booking_id limit @limit
            """, new { m.From, m.To, after, limit })).AsList();
        var items = rows.Select(r => new HoldRecord(r.BookingId, r.ClusterId, r.ProviderId, r.Nodes, r.StartsAt, r.EndsAt, r.Status)).ToList();
        await context.RespondAsync(new HoldPage(items, rows.Count == limit ? rows[^1].BookingId.ToString() : null));
    }
}
