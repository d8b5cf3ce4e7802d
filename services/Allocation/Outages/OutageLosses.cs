using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Outages;

public sealed class OutageLossRow
{
    public Guid OutageId { get; init; }
    public Guid BookingId { get; init; }
    public Guid ClusterId { get; init; }
    public Guid ProviderId { get; init; }
    public int NodesLost { get; init; }
    public int GpusPerNode { get; init; }
    public DateTimeOffset LostFrom { get; init; }
    public DateTimeOffset MovableFrom { get; init; }
    public DateTimeOffset MovableUntil { get; init; }
    public bool MovedWithinCluster { get; init; }
    public decimal? PastNodeHours { get; init; }
    public decimal? FutureNodeHours { get; init; }

    /// <summary>Node-hours lost before <see cref="MovableFrom"/>: exact when inventory said, else every lost node over the period.</summary>
    public decimal PastLost => PastNodeHours ?? NodesLost * Hours(LostFrom, MovableFrom);
    /// <summary>Node-hours lost from <see cref="MovableFrom"/> on.</summary>
    public decimal FutureLost => FutureNodeHours ?? NodesLost * Hours(MovableFrom, MovableUntil);

    private static decimal Hours(DateTimeOffset from, DateTimeOffset to) => to <= from ? 0 : (decimal)(to - from).Ticks / TimeSpan.TicksPerHour;
    public string State { get; init; } = "";
    public int Version { get; init; }
}

public static class OutageLosses
{
    /// <summary>Records what inventory announced, once (a redelivered or re-published announcement adds nothing).</summary>
    public static Task RecordAsync(UnitOfWork uow, BookingNodesLost m) => uow.ExecuteAsync(
        """
        insert into outage_losses (outage_id, booking_id, cluster_id, provider_id, nodes_lost, gpus_per_node, lost_from, movable_from,
                                   movable_until, moved_within_cluster, past_node_hours, future_node_hours)
        values (@OutageId, @BookingId, @ClusterId, @ProviderId, @NodesLost, @GpusPerNode, @LostFrom, @MovableFrom, @MovableUntil, @MovedWithinCluster,
                @PastNodeHours, @FutureNodeHours)
        on conflict do nothing
        """, m);

    public static Task<OutageLossRow?> LoadAsync(UnitOfWork uow, Guid outageId, Guid bookingId) =>
        uow.QuerySingleOrDefaultAsync<OutageLossRow>(
            "select * from outage_losses where outage_id = @outageId and booking_id = @bookingId for update", new { outageId, bookingId });

    public static Task<bool> AnyMovingAsync(UnitOfWork uow, Guid bookingId) =>
        uow.ExecuteScalarAsync<bool>("select exists (select 1 from outage_losses where booking_id = @bookingId and state = 'moving')", new { bookingId });

    /// <summary>The one place a loss changes state, checked against <see cref="OutageLossStates.AllowedFrom"/> and the version read.</summary>
    public static async Task<bool> TransitionAsync(UnitOfWork uow, OutageLossRow loss, string to, string? outcome = null)
    {
        if (!OutageLossStates.CanMove(loss.State, to))
            throw new InvalidOperationException($"Outage loss {loss.OutageId}/{loss.BookingId} cannot move from {loss.State} to {to}");
        return await uow.ExecuteAsync(
            """
            update outage_losses set state = @to, outcome = coalesce(@outcome, outcome), version = version + 1, updated_at = now()
            where outage_id = @OutageId and booking_id = @BookingId and version = @Version
            """, new { to, outcome, loss.OutageId, loss.BookingId, loss.Version }) == 1;
    }
}
