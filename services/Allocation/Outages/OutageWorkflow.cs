using Marketplace.Allocation.Bookings;
using Marketplace.Allocation.Rounds;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Outages;

/// <summary>
/// What happens to a booking an outage hit (API.md "Outages"). Inventory has already cut the outage's nodes out of it and,
/// where the cluster had enough other free nodes, given it those (moved within the cluster). Here, for the rest:
/// hours already gone (the outage began in the past or in the current hour) are credited; hours still to come are moved
/// to another cluster meeting the original bid with an ask at most the booking's price (inventory takes the new nodes
/// before it releases the old ones, <see cref="MoveBooking"/>), or credited when none has room. The tenant's price never
/// changes; a move sends the payout of the moved hours to the new cluster's provider. Every step is one transaction with
/// its inbox record and messages, and each (outage, booking) ends exactly once (<see cref="OutageLossStates"/>).
/// </summary>
public sealed class OutageWorkflow(TimeProvider clock, RoundTrigger rounds, ILogger<OutageWorkflow> logger)
{
    /// <summary>Handles a pending loss if its booking has settled; returns false while the booking's own workflow is in flight.</summary>
    public async Task<bool> HandleAsync(UnitOfWork uow, OutageLossRow loss)
    {
        if (loss.State != OutageLossStates.Pending) return true;
        var booking = await Bookings.Bookings.LoadAsync(uow, loss.BookingId, forUpdate: true);
        if (booking is null || BookingStates.InFlight.Contains(booking.State)) return false;
        if (booking.State == BookingStates.Void)
        {
            await OutageLosses.TransitionAsync(uow, loss, OutageLossStates.Dropped, "the booking was void");
            return true;
        }

        var now = clock.GetUtcNow();
        var credits = new List<BookingChange>();
        if (loss.LostFrom < loss.MovableFrom && loss.PastLost > 0) credits.Add(Credit(loss, booking, loss.LostFrom, loss.MovableFrom, loss.PastLost, now));
        var moves = new List<BookingChange>();
        if (loss.MovableFrom < loss.MovableUntil)
        {
            if (loss.MovedWithinCluster)
            {
                var gpuHours = loss.FutureLost * loss.GpusPerNode;
                moves.Add(new BookingChange(now, BookingSegments.Moved, loss.ClusterId, loss.NodesLost, loss.MovableFrom, loss.MovableUntil,
                    gpuHours, Money.Round(gpuHours * booking.Price), loss.ClusterId, loss.OutageId));
            }
            else if (booking.State == BookingStates.Confirmed
                     && await MoveCandidates.FindAsync(uow, booking.Id, loss.ClusterId, loss.MovableFrom, booking.EndsAt) is { Count: > 0 } candidates)
            {
                // The past part is settled now; the rest waits for inventory's answer.
                await PublishAsync(uow, booking, loss, credits, null);
                await uow.SendAsync(new MoveBooking(loss.OutageId, booking.Id, loss.ClusterId, loss.MovableFrom, booking.EndsAt, candidates));
                await OutageLosses.TransitionAsync(uow, loss, OutageLossStates.Moving, $"{candidates.Count} candidate cluster(s) asked");
                return true;
            }
            else if (credits.Count == 1) // one credit, gone and to come
                credits[0] = Credit(loss, booking, loss.LostFrom, loss.MovableUntil, loss.PastLost + loss.FutureLost, now);
            else credits.Add(Credit(loss, booking, loss.MovableFrom, loss.MovableUntil, loss.FutureLost, now));
        }
        await PublishAsync(uow, booking, loss, [.. credits, .. moves], null);
        await OutageLosses.TransitionAsync(uow, loss, OutageLossStates.Done, Outcome(credits, moves));
        return true;
    }

    /// <summary>Inventory moved the booking to another cluster, or none had room: then the future hours are credited.</summary>
    public async Task MoveAnsweredAsync(UnitOfWork uow, BookingMoveAnswered answer)
    {
        var loss = await OutageLosses.LoadAsync(uow, answer.OutageId, answer.BookingId);
        if (loss is not { State: OutageLossStates.Moving }) return;
        var booking = (await Bookings.Bookings.LoadAsync(uow, loss.BookingId, forUpdate: true))!;
        var now = clock.GetUtcNow();
        List<BookingChange> changes;
        Guid? toProvider = null;
        if (answer.ToClusterId is { } to)
        {
            toProvider = await uow.ExecuteScalarAsync<Guid>("select provider_id from clusters where id = @to", new { to });
            var gpuHours = booking.GpuCount * (decimal)Hours(loss.MovableFrom, booking.EndsAt);
            changes = [new BookingChange(now, BookingSegments.Moved, to, answer.NodeIndexes.Count, loss.MovableFrom, booking.EndsAt,
                gpuHours, Money.Round(gpuHours * booking.Price), loss.ClusterId, loss.OutageId)];
        }
        else
        {
            logger.LogWarning("Booking {Booking} could not move after outage {Outage}: {Refusal}; crediting", booking.Id, loss.OutageId, answer.Refusal);
            changes = [Credit(loss, booking, loss.MovableFrom, loss.MovableUntil, loss.FutureLost, now)];
        }
        await PublishAsync(uow, booking, loss, changes, toProvider);
        await OutageLosses.TransitionAsync(uow, loss, OutageLossStates.Done,
            answer.ToClusterId is { } c ? $"moved to cluster {c}" : $"credited: {answer.Refusal}");
        uow.OnCommitted(rounds.Request);
    }

    private static BookingChange Credit(OutageLossRow loss, BookingRow booking, DateTimeOffset from, DateTimeOffset until, decimal nodeHours,
        DateTimeOffset now)
    {
        var gpuHours = nodeHours * loss.GpusPerNode;
        return new BookingChange(now, BookingSegments.Credited, loss.ClusterId, loss.NodesLost, from, until, gpuHours,
            Money.Round(gpuHours * booking.Price), null, loss.OutageId);
    }

    /// <summary>Writes the changes on the booking and tells settlement, inventory (the outage's effects) and the tenant.</summary>
    private static async Task PublishAsync(UnitOfWork uow, BookingRow booking, OutageLossRow loss, IReadOnlyList<BookingChange> changes, Guid? toProvider)
    {
        if (changes.Count == 0) return;
        var changed = await Bookings.Bookings.RecordChangesAsync(uow, booking, changes, toProvider);
        var view = changed.ToView(changes[0].At);
        foreach (var change in changes)
        {
            if (change.Kind == BookingSegments.Credited) await uow.PublishAsync(new BookingCredited(view, loss.OutageId, change, loss.ProviderId));
            else await uow.PublishAsync(new BookingMoved(view, loss.OutageId, change, loss.ProviderId, toProvider ?? loss.ProviderId));
        }
    }

    private static string Outcome(List<BookingChange> credits, List<BookingChange> moves) =>
        string.Join("; ", credits.Select(c => $"credited {c.GpuHours} GPU-hours").Concat(moves.Select(m => $"moved {m.GpuHours} GPU-hours within the cluster")));

    private static double Hours(DateTimeOffset from, DateTimeOffset to) => to <= from ? 0 : (to - from).TotalHours;
}
