using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Bidding.Bids;

/// <summary>Expires open bids whose expiresAt or latestStart has passed. SKIP LOCKED lets instances share the sweep, and skips a bid being cancelled or awarded right now.</summary>
public sealed class BidExpirySweeper(Db db, IOptions<BiddingOptions> options, ILogger<BidExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SweepOnceAsync(stoppingToken) > 0) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Bid expiry sweep failed; will retry");
            }
            try { await Task.Delay(options.Value.SweepInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var due = (await uow.QueryAsync<Guid>(
            """
            select id from bids where status = 'open' and least(expires_at, latest_start) <= now()
            order by least(expires_at, latest_start), id limit 200 for update skip locked
            """)).ToList();
        foreach (var id in due) await Bids.TransitionAsync(uow, id, "expired", "expiresAt or latestStart passed");
        await uow.CommitAsync(ct);
        return due.Count;
    }
}
