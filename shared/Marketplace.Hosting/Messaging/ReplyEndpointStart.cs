using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Starts the bus endpoint, where the answers to this instance's requests arrive, with the bus, and tells when it
/// consumes. MassTransit starts that endpoint only when the first handler connects to it, and the request client
/// connects one per request and then blocks its thread until the endpoint consumes (MassTransitBus.ConnectRequestPipe
/// waits synchronously): requests arriving at a freshly started gateway starved the very thread pool the endpoint's
/// start needs, and in the chaos runs a gateway restarted under load answered nothing for 10 to 45 s.
/// <para>
/// So before the bus starts (a hosted service registered before MassTransit's) a handler for a message nobody sends is
/// connected, which makes the endpoint start with the bus; callers await <see cref="WaitAsync"/> before their first
/// request, which holds no thread, and /health/ready reports the instance not ready until then (MassTransit's own check
/// passes as soon as the endpoint is "ready (not started)"). It only ever completes: after a broker restart the endpoint
/// comes back on its own, and requests in between fail fast on the bus's health, not here.
/// </para>
/// </summary>
public sealed class ReplyEndpointStart(IBusControl bus) : IReceiveEndpointObserver, IHostedService, IHealthCheck
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsStarted => _started.Task.IsCompleted;

    /// <exception cref="TimeoutException">The endpoint did not start within <paramref name="timeout"/>.</exception>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _started.Task.WaitAsync(timeout, ct);

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        bus.ConnectReceiveEndpointObserver(this);
        bus.ConnectHandler<ReplyEndpointKeepAlive>(_ => Task.CompletedTask);
        return Task.CompletedTask;
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        if (ready.IsStarted && ready.InputAddress == bus.Address) _started.TrySetResult();
        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    Task<HealthCheckResult> IHealthCheck.CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(IsStarted ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The bus endpoint for replies does not consume yet."));
}

/// <summary>Never sent: its handler is what makes the bus endpoint start with the bus (<see cref="ReplyEndpointStart"/>).</summary>
public sealed record ReplyEndpointKeepAlive;
