using MassTransit;
using Microsoft.Extensions.Logging;

namespace Marketplace.Hosting.Messaging;

/// <summary>How long past its request's expiry a request consumer is waited for (<see cref="RequestDeadlineFilter{T}"/>).</summary>
public sealed record RequestDeadline(TimeSpan Grace)
{
    public const string Setting = "Bus:RequestGrace";
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A request's consumer holds its endpoint's slot for at most its request's time-to-live plus a grace, so a reply
/// whose send never ends cannot take an endpoint's capacity away for good.
/// <para>
/// RabbitMQ.Client 7.2 can leave a publish waiting for ever for a confirm lost with its connection
/// (rabbitmq-dotnet-client#1930; <see cref="BoundedRequest"/> is the caller's side). A consumer's RespondAsync is such
/// a publish. Each stuck one held one of its endpoint's ConcurrentMessageLimit slots (bidding's placements have
/// eight) until the process restarted, with every health check green.
/// </para>
/// <para>
/// Past the deadline the message is let go, as if handled: nobody waits for its answer any more (the caller's timeout
/// ended first, and its answer was a 503 saying the outcome is not known). What the consumer did is idempotent by
/// design (a retried request carries the same resource id), and its task is left to finish or to hang on its own.
/// The grace is never shorter than <see cref="RequestDeadline.Grace"/>, whatever the sender's clock says, so a skewed
/// clock cannot cut requests short. Messages without a time-to-live (events, commands) are not bounded.
/// </para>
/// </summary>
public sealed class RequestDeadlineFilter<T>(RequestDeadline deadline, ILogger<RequestDeadlineFilter<T>> logger)
    : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.ExpirationTime is not { } expires)
        {
            await next.Send(context);
            return;
        }
        var left = expires - DateTime.UtcNow;
        var wait = (left > TimeSpan.Zero ? left : TimeSpan.Zero) + deadline.Grace;
        var work = next.Send(context);
        try
        {
            // Not the consume's token: a service stopping still waits for its consumers, as before.
            await work.WaitAsync(wait);
        }
        catch (TimeoutException) when (!work.IsCompleted)
        {
            // Observed, so a late failure of the abandoned consume is not an unobserved task exception.
            _ = work.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            logger.LogWarning(
                "Gave up {MessageType} {MessageId}: its consumer had not finished {Grace} s after the request expired; its endpoint slot is free again",
                typeof(T).Name, context.MessageId, deadline.Grace.TotalSeconds);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("requestDeadline");
}
