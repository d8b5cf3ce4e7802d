using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// Runs market rounds (a pass over every market with open bids): soon after a change (debounced), no sooner than
/// RoundPace after the previous pass started, and at least every RoundInterval while bids are open, so time alone (a
/// window opening, capacity freed) also gets bids placed.
/// </summary>
public sealed class RoundRunner(RoundTrigger trigger, MarketClearing clearing, IOptions<AllocationOptions> options, ILogger<RoundRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        long? lastStart = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await trigger.WaitAsync(o.RoundInterval, stoppingToken))
                {
                    var delay = RoundPacing.DelayBeforeRound(lastStart is { } at ? Stopwatch.GetElapsedTime(at) : null, o.Debounce, o.RoundPace);
                    if (delay > TimeSpan.Zero) await Task.Delay(delay, stoppingToken);
                    // Requests made while this one waited are this round's to answer, not the next one's.
                    await trigger.WaitAsync(TimeSpan.Zero, stoppingToken);
                }
                lastStart = Stopwatch.GetTimestamp();
                await clearing.ClearAllMarketsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Market round failed; the next one will try again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
