using MassTransit;

namespace Marketplace.Gateway.ServiceCalls;

/// <summary>
/// Tells the requests on their way that the gateway's bus went down. A request in flight when the broker went away
/// cannot get its answer: the reply would come to a queue that went with the connection. MassTransit would still hold
/// it until its timeout (10 s) while every new request is answered 503 at once. With this watch it is answered 503
/// within a tick of the outage being seen, saying that it may have been carried out.
/// <para>
/// The bus's health is read every <see cref="Interval"/>. That is the same check the gateway makes before each
/// request (<see cref="ServiceClient.IsBusDown"/>), and reading it costs a few microseconds.
/// </para>
/// </summary>
public sealed class BusWatch(IBusControl bus) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private volatile CancellationTokenSource _lost = new();

    /// <summary>Cancelled once the bus is seen down; a request takes the token current when it starts.</summary>
    public CancellationToken Lost => _lost.Token;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var down = ServiceClient.IsBusDown(bus);
                if (down && !_lost.IsCancellationRequested) await _lost.CancelAsync();
                // A new source for the requests that start once it is back. The old one is not disposed: a request may
                // still be linking to its token.
                else if (!down && _lost.IsCancellationRequested) _lost = new CancellationTokenSource();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
