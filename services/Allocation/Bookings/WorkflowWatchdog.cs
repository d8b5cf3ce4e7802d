using Marketplace.Hosting;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Allocation.Bookings;

/// <summary>
/// Re-sends the pending step of a booking workflow that has not moved for a while (a reply dead-lettered and purged,
/// a service restored from backup). Every step is idempotent at its receiver, so a re-send is harmless; rows are
/// claimed with SKIP LOCKED so several instances do not re-send the same step together.
/// </summary>
public sealed class WorkflowWatchdog(Db db, IOptions<AllocationOptions> options, ILogger<WorkflowWatchdog> logger) : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.StalledWorkflowCheck;

    protected override Task<int> RunPassAsync(CancellationToken ct) => NudgeStalledAsync(ct);

    public async Task<int> NudgeStalledAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var stalled = (await uow.QueryAsync<BookingRow>(
            """
            select * from bookings where state in ('holding', 'awarding', 'confirming') and updated_at < now() - @after
            order by updated_at limit 100 for update skip locked
            """, new { after = options.Value.StalledWorkflowAfter })).ToList();
        foreach (var b in stalled)
        {
            logger.LogWarning("Booking {Booking} stalled in {State}; re-sending its step", b.Id, b.State);
            await (b.State switch
            {
                "holding" => uow.SendAsync(new HoldNodes(b.Id, b.ClusterId, b.NodeCount, b.StartsAt, b.EndsAt)),
                "awarding" => uow.SendAsync(new AwardBid(b.BidId, b.Id, b.Price)),
                _ => uow.SendAsync(new ConfirmHold(b.Id, b.ClusterId, b.NodeCount, b.StartsAt, b.EndsAt)),
            });
            await uow.ExecuteAsync("update bookings set updated_at = now() where id = @Id", b);
        }
        await uow.CommitAsync(ct);
        return stalled.Count;
    }
}
