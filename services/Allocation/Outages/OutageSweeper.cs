using Marketplace.Contracts.Inventory;
using Marketplace.Hosting;
using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Allocation.Outages;

/// <summary>
/// Finishes what the consumers could not: losses of bookings that were still being confirmed when the outage hit, and
/// moves whose answer has not come (re-sent; inventory answers a move it already made with that move). Rows are claimed
/// with SKIP LOCKED, so instances never handle the same loss together.
/// </summary>
public sealed class OutageSweeper(Db db, OutageWorkflow workflow, IOptions<AllocationOptions> options, ILogger<OutageSweeper> logger)
    : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.OutageSweepInterval;

    protected override Task<int> RunPassAsync(CancellationToken ct) => SweepOnceAsync(ct);

    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var open = (await uow.QueryAsync<OutageLossRow>(
            """
            select * from outage_losses
            where state = 'pending' or (state = 'moving' and updated_at < now() - @stalled)
            order by updated_at limit 100 for update skip locked
            """, new { stalled = options.Value.StalledWorkflowAfter })).ToList();
        var handled = 0;
        foreach (var loss in open)
        {
            if (loss.State == OutageLossStates.Pending)
            {
                if (await workflow.HandleAsync(uow, loss)) handled++;
                continue;
            }
            var booking = (await Bookings.Bookings.LoadAsync(uow, loss.BookingId))!;
            var candidates = await MoveCandidates.FindAsync(uow, loss.BookingId, loss.ClusterId, loss.MovableFrom, booking.EndsAt);
            logger.LogWarning("Move of booking {Booking} after outage {Outage} has no answer; asking again", loss.BookingId, loss.OutageId);
            await uow.SendAsync(new MoveBooking(loss.OutageId, loss.BookingId, loss.ClusterId, loss.MovableFrom, booking.EndsAt, candidates));
            await uow.ExecuteAsync("update outage_losses set updated_at = now() where outage_id = @OutageId and booking_id = @BookingId", loss);
        }
        await uow.CommitAsync(ct);
        return handled;
    }
}
