using Marketplace.Domain;
using Marketplace.Hosting;
using Marketplace.Hosting.Database;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// Forgets placement keys 24 hours after their first use (<see cref="IdempotencyRules.Retention"/>), as the gateway
/// forgets its own records: the bid stays, and the key may then place another.
/// </summary>
public sealed class PlacementKeyJanitor(Db db, ILogger<PlacementKeyJanitor> logger) : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task<int> RunPassAsync(CancellationToken ct)
    {
        await PurgeExpiredAsync(ct);
        return 0; // one delete takes them all
    }

    /// <summary>Deletes the keys first used more than the retention ago; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var purged = await uow.ExecuteAsync("delete from placement_keys where first_used_at < now() - @Retention", new { IdempotencyRules.Retention });
        await uow.CommitAsync(ct);
        if (purged > 0) logger.LogInformation("Forgot {Count} placement keys first used more than {Retention} ago", purged, IdempotencyRules.Retention);
        return purged;
    }
}
