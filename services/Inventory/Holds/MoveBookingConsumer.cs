using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Inventory.Holds;

/// <summary>
/// Moves a booking's whole gang to another cluster from <c>From</c> on (an outage took nodes it could not replace on
/// its own cluster), in one transaction: the first candidate with enough free nodes is held first, then the booking's
/// nodes on the old cluster are released from <c>From</c>. Either both happen or neither, so a booking is never left
/// without nodes nor holding two clusters for the same hours. A repeat (a new message for a move already done) answers
/// the move it finds; a move of a booking whose nodes were released takes none.
/// </summary>
public sealed class MoveBookingConsumer(Db db) : TransactionalConsumer<MoveBooking>(db)
{
    protected override async Task Handle(ConsumeContext<MoveBooking> context, UnitOfWork uow)
    {
        var m = context.Message;
        await NodeHolds.LockBookingsAsync(uow, [m.BookingId]);
        // A late copy for a booking whose nodes were released (it was cancelled) takes none on another cluster.
        if ((await NodeHolds.ReleasedAsync(uow, [m.BookingId])).Count > 0)
        {
            await uow.PublishAsync(new BookingMoveAnswered(m.OutageId, m.BookingId, null, [], NodeHolds.ReleasedRefusal));
            return;
        }
        var done = await uow.QuerySingleOrDefaultAsync<(Guid ClusterId, int[] Nodes)>(
            """
            select cluster_id, array_agg(node_index order by node_index) from node_holds
            where booking_id = @BookingId and cluster_id <> @FromClusterId and lower(period) = @From
            group by cluster_id limit 1
            """, new { m.BookingId, m.FromClusterId, m.From });
        if (done.Nodes is not null)
        {
            await uow.PublishAsync(new BookingMoveAnswered(m.OutageId, m.BookingId, done.ClusterId, done.Nodes, null));
            return;
        }
        var refusals = new List<string>();
        foreach (var candidate in m.Candidates)
        {
            if (candidate.ClusterId == m.FromClusterId) continue;
            var (nodes, refusal) = await NodeHolds.TryHoldAsync(uow,
                new(m.BookingId, candidate.ClusterId, candidate.NodeCount, m.From, m.Until), "booked", null);
            if (nodes is null) { refusals.Add($"{candidate.ClusterId}: {refusal}"); continue; }
            await uow.ExecuteAsync(
                "delete from node_holds where booking_id = @BookingId and cluster_id = @FromClusterId and lower(period) >= @From",
                new { m.BookingId, m.FromClusterId, m.From });
            await uow.ExecuteAsync(
                """
                update node_holds set period = tstzrange(lower(period), @From, '[)')
                where booking_id = @BookingId and cluster_id = @FromClusterId and period @> @From::timestamptz
                """, new { m.BookingId, m.FromClusterId, m.From });
            await uow.PublishAsync(new BookingMoveAnswered(m.OutageId, m.BookingId, candidate.ClusterId, nodes, null));
            return;
        }
        await uow.PublishAsync(new BookingMoveAnswered(m.OutageId, m.BookingId, null, [],
            refusals.Count == 0 ? "no candidate cluster" : string.Join("; ", refusals)));
    }
}
