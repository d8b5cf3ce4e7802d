using Marketplace.Hosting;
using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Inventory.Holds;

/// <summary>
/// Releases holds not confirmed by their deadline. Claims rows with FOR UPDATE SKIP LOCKED, so several instances
/// sweep side by side without releasing anything twice, and a restart simply picks up what is overdue.
/// </summary>
public sealed class HoldExpirySweeper(Db db, IOptions<InventoryOptions> options, InventoryMetrics metrics, ILogger<HoldExpirySweeper> logger)
    : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task<int> RunPassAsync(CancellationToken ct) => SweepOnceAsync(ct);

    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var bookings = (await uow.QueryAsync<Guid>(
            """
            with expired as (
                select id from node_holds where status = 'held' and expires_at < now()
                order by expires_at limit 500 for update skip locked)
            delete from node_holds h using expired e where h.id = e.id returning h.booking_id
            """)).Distinct().ToList();
        foreach (var booking in bookings)
            await uow.PublishAsync(new NodesReleased(booking, "hold expired"));
        if (bookings.Count > 0) metrics.HoldsExpired(uow, bookings.Count);
        await uow.CommitAsync(ct);
        if (bookings.Count > 0) logger.LogInformation("Released {Count} expired holds", bookings.Count);
        return bookings.Count;
    }
}
