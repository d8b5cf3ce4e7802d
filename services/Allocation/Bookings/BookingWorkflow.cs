using Marketplace.Allocation.Matching;
using Marketplace.Allocation.Projection;
using Marketplace.Allocation.Rounds;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using MassTransit;

namespace Marketplace.Allocation.Bookings;

/// <summary>
/// The booking workflow of DESIGN.md, as rows in the bookings table moved by messages:
/// holding --held--> awarding --awarded--> confirming --hold confirmed--> confirmed (BookingsConfirmed).
/// Nodes unavailable: void, the bid reopens, the refused hold is remembered for a while (<see cref="HoldRefusals"/>).
/// Award refused: void, nodes released. Hold lost: cancelled, never charged.
/// A round's winners travel together: one command per step and service for the whole round (HoldNodesBatch,
/// AwardBidBatch, ConfirmHoldBatch), one answer each, one transaction per step here. Each step takes lists, so a
/// single answer (an older single command's reply) is the same step with one item. Each step is one transaction with
/// its inbox record and outgoing messages, so a crash anywhere resumes cleanly.
/// </summary>
public sealed class BookingWorkflow(RoundTrigger rounds, AllocationMetrics metrics, TimeProvider clock, ILogger<BookingWorkflow> logger)
{
    /// <summary>Commands longer than this are split: a message stays well under the broker's frame and memory limits.</summary>
    public const int MaxItemsPerCommand = 500;

    /// <summary>A round's winners: their bookings, their bids marked allocating, and the hold commands.</summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid>> StartAsync(UnitOfWork uow, long roundId,
        IReadOnlyList<(OpenBid Bid, ClusterCapacity Cluster, Placement Placement)> winners)
    {
        if (winners.Count == 0) return new Dictionary<Guid, Guid>();
        var bookingIds = winners.Select(_ => NewId.NextSequentialGuid()).ToArray();
        await uow.ExecuteAsync(
            """
            insert into bookings (id, bid_id, round_id, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count,
                                  starts_at, ends_at, price, total_price, state)
            select id, bid_id, @roundId, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count,
                   starts_at, ends_at, price, total_price, 'holding'
            from unnest(@ids, @bidIds, @tenants, @providers, @clusters, @models, @nodeCounts, @gpuCounts, @starts, @ends, @prices, @totals)
                 as w(id, bid_id, tenant_id, provider_id, cluster_id, gpu_model, node_count, gpu_count, starts_at, ends_at, price, total_price)
            """,
            new
            {
                roundId, ids = bookingIds,
                bidIds = winners.Select(w => w.Bid.BidId).ToArray(),
                tenants = winners.Select(w => w.Bid.TenantId).ToArray(),
                providers = winners.Select(w => w.Cluster.ProviderId).ToArray(),
                clusters = winners.Select(w => w.Placement.ClusterId).ToArray(),
                models = winners.Select(w => w.Bid.GpuModel).ToArray(),
                nodeCounts = winners.Select(w => w.Placement.NodeCount).ToArray(),
                gpuCounts = winners.Select(w => w.Placement.GpuCount).ToArray(),
                starts = winners.Select(w => w.Placement.StartsAt).ToArray(),
                ends = winners.Select(w => w.Placement.EndsAt).ToArray(),
                prices = winners.Select(w => w.Placement.PricePerGpuHour).ToArray(),
                totals = winners.Select(w => w.Placement.TotalPrice).ToArray(),
            });
        await OpenBids.MarkAllocatingAsync(uow, winners.Select(w => w.Bid.BidId).ToArray());
        var holds = winners.Select((w, i) => new HoldNodes(bookingIds[i], w.Placement.ClusterId, w.Placement.NodeCount,
            w.Placement.StartsAt, w.Placement.EndsAt)).ToList();
        foreach (var chunk in holds.Chunk(MaxItemsPerCommand)) await uow.SendAsync(new HoldNodesBatch(chunk));
        return winners.Select((w, i) => (w.Bid.BidId, bookingIds[i])).ToDictionary(x => x.BidId, x => x.Item2);
    }

    /// <summary>Inventory answered the holds: held bookings go on to the award, the others are dropped and their bids reopen.</summary>
    public async Task HeldAsync(UnitOfWork uow, IReadOnlyList<NodesHeld> held, IReadOnlyList<NodesUnavailable> unavailable)
    {
        var bookings = await Bookings.LoadForUpdateAsync(uow, held.Select(h => h.BookingId).Concat(unavailable.Select(u => u.BookingId)));
        var moves = new List<BookingTransition>();
        foreach (var h in held)
            if (bookings.GetValueOrDefault(h.BookingId) is { State: BookingStates.Holding } b)
                moves.Add(new(b, BookingStates.Awarding, Nodes: h.NodeIndexes));
        // Our view was stale (or the cluster changed): drop the decision; the bid stays open for the next round.
        foreach (var u in unavailable)
            if (bookings.GetValueOrDefault(u.BookingId) is { State: BookingStates.Holding } b)
                moves.Add(new(b, BookingStates.Void, $"nodes unavailable: {u.Reason}"));

        var moved = await Bookings.TransitionAsync(uow, moves);
        var refused = moved.Where(b => b.State == BookingStates.Void).ToList();
        if (refused.Count > 0)
        {
            await HoldRefusals.RememberAsync(uow, refused, clock.GetUtcNow());
            await OpenBids.ReopenAsync(uow, refused.Select(b => b.BidId).ToArray());
            uow.OnCommitted(rounds.Request);
        }
        var awards = moved.Where(b => b.State == BookingStates.Awarding).Select(b => new AwardBid(b.BidId, b.Id, b.Price)).ToList();
        foreach (var chunk in awards.Chunk(MaxItemsPerCommand)) await uow.SendAsync(new AwardBidBatch(chunk));
    }

    /// <summary>Bidding answered the awards: awarded bookings go on to confirmation; refused ones give their nodes back.</summary>
    public async Task AwardedAsync(UnitOfWork uow, IReadOnlyList<BidAwarded> awarded, IReadOnlyList<BidAwardRefused> refused)
    {
        await OpenBids.CloseAsync(uow, awarded.Select(a => a.BidId).ToArray(), "won");
        var bookings = await Bookings.LoadForUpdateAsync(uow, awarded.Select(a => a.BookingId).Concat(refused.Select(r => r.BookingId)));
        var moves = new List<BookingTransition>();
        foreach (var a in awarded)
            if (bookings.GetValueOrDefault(a.BookingId) is { State: BookingStates.Awarding } b)
                moves.Add(new(b, BookingStates.Confirming));
        // Compensate by giving the nodes back. The bid reopens here: if it was cancelled or expired, bidding's own event
        // closes it (a closing that came first already did, and then this changes nothing).
        foreach (var r in refused)
            if (bookings.GetValueOrDefault(r.BookingId) is { State: BookingStates.Awarding } b)
                moves.Add(new(b, BookingStates.Void, $"award refused: {r.Reason}"));

        var moved = await Bookings.TransitionAsync(uow, moves);
        var voided = moved.Where(b => b.State == BookingStates.Void).ToList();
        await OpenBids.ReopenAsync(uow, voided.Select(b => b.BidId).ToArray());
        foreach (var b in voided) await uow.SendAsync(new ReleaseNodes(b.Id, null, "award refused"));
        var confirms = moved.Where(b => b.State == BookingStates.Confirming)
            .Select(b => new ConfirmHold(b.Id, b.ClusterId, b.NodeCount, b.StartsAt, b.EndsAt)).ToList();
        foreach (var chunk in confirms.Chunk(MaxItemsPerCommand)) await uow.SendAsync(new ConfirmHoldBatch(chunk));
    }

    /// <summary>Inventory answered the confirmations: confirmed bookings are announced (settlement charges them).</summary>
    public async Task ConfirmedAsync(UnitOfWork uow, IReadOnlyList<HoldConfirmed> confirmed, IReadOnlyList<HoldLost> lost)
    {
        var now = clock.GetUtcNow();
        var bookings = await Bookings.LoadForUpdateAsync(uow, confirmed.Select(c => c.BookingId).Concat(lost.Select(l => l.BookingId)));
        var moves = new List<BookingTransition>();
        foreach (var c in confirmed)
            if (bookings.GetValueOrDefault(c.BookingId) is { State: BookingStates.Confirming } b)
                moves.Add(new(b, BookingStates.Confirmed, Nodes: c.NodeIndexes));
        foreach (var l in lost)
            if (bookings.GetValueOrDefault(l.BookingId) is { State: BookingStates.Confirming } b)
            {
                // The hold expired before confirmation and its nodes were taken: the booking cannot stand. It was never charged.
                logger.LogError("Booking {Booking} lost its hold before confirmation: {Reason}", b.Id, l.Reason);
                moves.Add(new(b, BookingStates.Cancelled, $"hold lost: {l.Reason}", Cancellation: new(b.StartsAt, now, "system")));
            }

        var moved = await Bookings.TransitionAsync(uow, moves);
        var confirmedNow = moved.Where(b => b.State == BookingStates.Confirmed).ToList();
        await metrics.BookingsConfirmedAsync(uow, confirmedNow.Select(b => b.BidId).ToList());
        await MarketData.PriceSeries.RecordAsync(uow, confirmedNow);
        var views = confirmedNow.Select(b => b.ToView(now)).ToList();
        foreach (var chunk in views.Chunk(MaxItemsPerCommand)) await uow.PublishAsync(new BookingsConfirmed(chunk));
        if (moved.Any(b => b.State == BookingStates.Cancelled)) uow.OnCommitted(rounds.Request);
    }

}
