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

    /// <summary>
    /// The in-flight states are written into the statement, not passed as a parameter: only then can the planner use
    /// the partial index of in-flight bookings (migration 0010, the same list) in a prepared statement's generic plan,
    /// instead of reading every booking ever made on every pass.
    /// </summary>
    internal static readonly string StalledSql = $"""
        select * from bookings where state in ({string.Join(", ", BookingStates.InFlight.Select(s => $"'{s}'"))})
          and updated_at < now() - @after
        order by updated_at limit 500 for update skip locked
        """;

    public async Task<int> NudgeStalledAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var stalled = (await uow.QueryAsync<BookingRow>(StalledSql, new { after = options.Value.StalledWorkflowAfter })).ToList();
        if (stalled.Count == 0) return 0;
        foreach (var b in stalled) logger.LogWarning("Booking {Booking} stalled in {State}; re-sending its step", b.Id, b.State);
        var holds = stalled.Where(b => b.State == BookingStates.Holding)
            .Select(b => new HoldNodes(b.Id, b.ClusterId, b.NodeCount, b.StartsAt, b.EndsAt)).ToList();
        var awards = stalled.Where(b => b.State == BookingStates.Awarding).Select(b => new AwardBid(b.BidId, b.Id, b.Price)).ToList();
        var confirms = stalled.Where(b => b.State == BookingStates.Confirming)
            .Select(b => new ConfirmHold(b.Id, b.ClusterId, b.NodeCount, b.StartsAt, b.EndsAt)).ToList();
        if (holds.Count > 0) await uow.SendAsync(new HoldNodesBatch(holds));
        if (awards.Count > 0) await uow.SendAsync(new AwardBidBatch(awards));
        if (confirms.Count > 0) await uow.SendAsync(new ConfirmHoldBatch(confirms));
        // Not a state change: the step is the same, only its clock restarts, so it is re-sent again only if it stalls again.
        await uow.ExecuteAsync("update bookings set updated_at = now() where id = any(@ids)", new { ids = stalled.Select(b => b.Id).ToArray() });
        await uow.CommitAsync(ct);
        return stalled.Count;
    }
}
