using Marketplace.Hosting;
using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Bidding.Bids;

/// <summary>Expires open bids whose expiresAt or latestStart has passed. SKIP LOCKED lets instances share the sweep, and skips a bid being cancelled or awarded right now.</summary>
public sealed class BidExpirySweeper(Db db, IOptions<BiddingOptions> options, BiddingMetrics metrics, ILogger<BidExpirySweeper> logger)
    : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task<int> RunPassAsync(CancellationToken ct) => SweepOnceAsync(ct);

    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var due = (await uow.QueryAsync<Guid>(
            """
            select id from bids where status = 'open' and least(expires_at, latest_start) <= now()
            order by least(expires_at, latest_start), id limit 200 for update skip locked
            """)).ToList();
        // Locked above in deadline order; moved together in one statement.
        await Bids.TransitionAsync(uow, metrics, due.Select(id => new Bids.BidMove(id, "expired", "expiresAt or latestStart passed")).ToList());
        await uow.CommitAsync(ct);
        return due.Count;
    }
}
