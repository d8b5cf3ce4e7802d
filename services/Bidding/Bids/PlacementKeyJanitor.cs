using Marketplace.Domain;
using Marketplace.Hosting;
using Marketplace.Hosting.Database;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// Forgets placement keys 24 hours after their first use (<see cref="IdempotencyRules.Retention"/>), as the gateway
/// forgets its own records: the bid stays, and the key may then place another. A placement reads its tenant's keys in
/// several statements under the tenant's lock, so the janitor takes the same locks, in the same order, before it
/// deletes: a key never vanishes between a placement's statements. Up to 200 tenants' keys a pass, so a pass holds few locks.
/// </summary>
public sealed class PlacementKeyJanitor(Db db, ILogger<PlacementKeyJanitor> logger) : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override Task<int> RunPassAsync(CancellationToken ct) => PurgeExpiredAsync(ct);

    /// <summary>Deletes the keys first used more than the retention ago; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var tenants = (await uow.QueryAsync<Guid>(
            """
            select distinct tenant_id from placement_keys where first_used_at < now() - @Retention
            order by tenant_id limit 200
            """, new { IdempotencyRules.Retention })).ToArray();
        if (tenants.Length == 0) return 0;
        await uow.ExecuteAsync(BidPlacements.TenantLocks, new { tenants });
        var purged = await uow.ExecuteAsync(
            "delete from placement_keys where tenant_id = any(@tenants) and first_used_at < now() - @Retention", new { tenants, IdempotencyRules.Retention });
        await uow.CommitAsync(ct);
        if (purged > 0) logger.LogInformation("Forgot {Count} placement keys first used more than {Retention} ago", purged, IdempotencyRules.Retention);
        return purged;
    }
}
