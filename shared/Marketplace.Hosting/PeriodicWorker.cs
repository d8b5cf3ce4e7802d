using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Hosting;

/// <summary>
/// The loop every sweeper shares: run a pass, and another at once while passes find work; then wait. A failed pass is
/// logged and retried on the next tick, so a database or broker outage never ends the loop.
/// </summary>
public abstract class PeriodicWorker(ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; returns how many items it handled.</summary>
    protected abstract Task<int> RunPassAsync(CancellationToken ct);

    /// <summary>Waits between passes; override to wake early on a signal.</summary>
    protected virtual Task WaitAsync(TimeSpan interval, CancellationToken ct) => Task.Delay(interval, ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunPassAsync(stoppingToken) > 0) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "{Worker} pass failed; will retry", GetType().Name);
            }
            try { await WaitAsync(Interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
