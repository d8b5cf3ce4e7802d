using System.Diagnostics.Metrics;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Metrics;
using Npgsql;

namespace Marketplace.Inventory;

/// <summary>The inventory service's meter: node holds taken, confirmed, released and expired, and how many wait for confirmation.</summary>
public sealed class InventoryMetrics
{
    public const string MeterName = "Marketplace.Inventory";
    private readonly Counter<long> _taken;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _confirmed;
    private readonly Counter<long> _released;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _raced;
    private long _racedSoFar;

    public InventoryMetrics(IMeterFactory meters, NpgsqlDataSource dataSource, ILogger<InventoryMetrics> logger)
    {
        var meter = meters.Create(MeterName);
        _taken = meter.CreateCounter<long>("marketplace_inventory_holds_taken", "{hold}", "Holds granted to a booking (HoldNodes answered NodesHeld).");
        _refused = meter.CreateCounter<long>("marketplace_inventory_holds_refused", "{hold}",
            "Holds refused (HoldNodes answered NodesUnavailable): the round's view was stale, or counted a hole no single set of nodes has (ADR 0009).");
        _confirmed = meter.CreateCounter<long>("marketplace_inventory_holds_confirmed", "{hold}", "Holds made permanent (ConfirmHold answered HoldConfirmed).");
        _released = meter.CreateCounter<long>("marketplace_inventory_holds_released", "{hold}", "Bookings whose nodes were given back, all or from a moment on (ReleaseNodes).");
        _expired = meter.CreateCounter<long>("marketplace_inventory_holds_expired", "{hold}", "Holds released by the sweeper because they were not confirmed in time.");
        _raced = meter.CreateCounter<long>("marketplace_inventory_holds_raced", "{hold}",
            "Holds of a round's batch whose chosen nodes another transaction took before they were inserted: each looked again on its own.");
        // The partial index node_holds_expiring covers exactly these rows.
        var active = new CachedReading<long>(dataSource, "select count(distinct booking_id) from node_holds where status = 'held'", logger);
        meter.CreateObservableGauge("marketplace_inventory_active_holds", () => active.Observe(n => n), "{hold}",
            "Holds taken and not yet confirmed, released or expired (one per booking).");
    }

    public void HoldTaken(UnitOfWork uow) => uow.OnCommitted(() => _taken.Add(1));
    public void HoldRefused(UnitOfWork uow) => uow.OnCommitted(() => _refused.Add(1));
    public void HoldConfirmed(UnitOfWork uow) => uow.OnCommitted(() => _confirmed.Add(1));
    public void HoldReleased(UnitOfWork uow) => uow.OnCommitted(() => _released.Add(1));
    public void HoldsExpired(UnitOfWork uow, int count) => uow.OnCommitted(() => _expired.Add(count));

    public void HoldsRaced(UnitOfWork uow, int count)
    {
        if (count > 0) uow.OnCommitted(() => { _raced.Add(count); Interlocked.Add(ref _racedSoFar, count); });
    }

    /// <summary>What <c>marketplace_inventory_holds_raced</c> has counted in this process (tests read it without a scrape).</summary>
    public long HoldsRacedSoFar => Interlocked.Read(ref _racedSoFar);
}
