using System.Collections.Concurrent;
using Marketplace.Contracts;
using Marketplace.Gateway.Errors;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Polly;
using Polly.CircuitBreaker;

namespace Marketplace.Gateway.ServiceCalls;

/// <summary>The gateway's settings; those of the edge (rate limits, header limits, proxies) are in Edge/EdgeOptions.cs.</summary>
public sealed partial class GatewayOptions
{
    public const string Section = "Gateway";
    /// <summary>How long a call into a service may take before the client gets 503.</summary>
    public TimeSpan ServiceTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Bidding's instances (http://host:port), which take placements straight over HTTP (Bids/BiddingLink,
    /// docs/decisions/0016). Empty: placements go through the broker, as when none of them answers.
    /// </summary>
    public string[] BiddingUrls { get; set; } = [];
}

/// <summary>
/// Turns a REST call into a MassTransit request to the owning service and its reply into HTTP.
/// A service that does not answer in time gives 503 with Retry-After; after repeated timeouts a circuit
/// breaker answers 503 at once instead of letting callers queue up behind a dead service.
/// The request's time-to-live equals the timeout, so a request nobody answered in time is dropped by RabbitMQ
/// rather than executed later behind the client's back.
/// </summary>
public sealed class ServiceClient(IServiceProvider services, IBusControl bus, BusWatch busWatch, Microsoft.Extensions.Options.IOptions<GatewayOptions> options,
    ILogger<ServiceClient> logger)
{
    private const int RetryAfterSeconds = 5;
    private const int BusDownRetryAfterSeconds = 2;
    private static readonly ConcurrentDictionary<Type, ResiliencePipeline> Breakers = new();

    public async Task<IResult> AskAsync<TRequest, TResponse>(TRequest request, Func<TResponse, IResult> onSuccess, CancellationToken ct)
        where TRequest : class where TResponse : class
    {
        var (answer, failure) = await TryAskAsync<TRequest, TResponse>(request, ct);
        return answer is not null ? onSuccess(answer) : failure!();
    }

    /// <summary>
    /// The service's answer, or (answer null) what the client gets instead: its problem, or why there was none. A
    /// failure makes a new result each time it is called (a batch's callers each get their own); <paramref name="timeout"/>
    /// shortens the wait for an answer (GatewayOptions.ServiceTimeout when null).
    /// </summary>
    public async Task<(TResponse? Answer, Func<IResult>? Failure)> TryAskAsync<TRequest, TResponse>(TRequest request, CancellationToken ct,
        TimeSpan? timeout = null)
        where TRequest : class where TResponse : class
    {
        if (IsBusDown(bus)) return (null, BusDown);
        // A watch that has not yet seen the bus come back (it looks every 100 ms) must not refuse what the bus can carry:
        // such a request waits for its timeout if the bus goes again, as all did before the watch.
        var busLost = busWatch.Lost is { IsCancellationRequested: false } watching ? watching : CancellationToken.None;
        var client = services.GetRequiredService<IRequestClient<TRequest>>();
        var breaker = Breakers.GetOrAdd(typeof(TRequest), _ => NewBreaker());
        var wait = timeout ?? options.Value.ServiceTimeout;
        using var callerOrBus = CancellationTokenSource.CreateLinkedTokenSource(ct, busLost);
        try
        {
            var response = await breaker.ExecuteAsync(
                async token => await BoundedRequest.WithinAsync(wait, token,
                    bounded => client.GetResponse<TResponse, Problem>(request, Transient, bounded, RequestTimeout.After(ms: (int)wait.TotalMilliseconds))),
                callerOrBus.Token);
            return response.Is(out Response<TResponse>? ok) ? (ok!.Message, null)
                : response.Is(out Response<Problem>? problem) ? (null, () => Problems.From(problem!.Message))
                : throw new InvalidOperationException("Unexpected response");
        }
        catch (OperationCanceledException) when (busLost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Its answer cannot come (BusWatch); whether the service carried it out is not known.
            logger.LogWarning("{Request} was on its way when the message bus went away", typeof(TRequest).Name);
            return (null, () => Problems.Unavailable(
                "The message bus went away while the request was on its way, so whether it was carried out is not known; retry it (a create with the same Idempotency-Key).",
                BusDownRetryAfterSeconds));
        }
        catch (RequestTimeoutException)
        {
            logger.LogWarning("{Request} timed out", typeof(TRequest).Name);
            return (null, () => Problems.Unavailable($"The {ServiceNames.Of(typeof(TRequest))} did not answer in time.", RetryAfterSeconds));
        }
        catch (BrokenCircuitException)
        {
            return (null, () => Problems.Unavailable($"The {ServiceNames.Of(typeof(TRequest))} is not answering.", RetryAfterSeconds));
        }
        catch (RequestFaultException ex) when (TransientExceptions.Is(ex.Fault))
        {
            // The service's database or broker connection failed under it (a restart, a failover): its transaction
            // rolled back, so nothing was changed and the same request can be retried.
            logger.LogWarning("{Request} failed in the service on a transient fault: {Fault}", typeof(TRequest).Name, TransientExceptions.Describe(ex.Fault));
            return (null, () => Problems.Unavailable("A service could not reach its database or the message bus; nothing was changed.", BusDownRetryAfterSeconds));
        }
        catch (RequestFaultException ex)
        {
            // The service failed on this request even after its retries: a defect of ours, not the client's, and not an outage.
            logger.LogError(ex, "{Request} faulted in the service", typeof(TRequest).Name);
            return (null, () => Problems.Result(500, "The service could not process this request; the failure has been logged."));
        }
        catch (Exception ex) when (ex is MassTransitException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            logger.LogWarning(ex, "{Request} could not be sent", typeof(TRequest).Name);
            return (null, () => Problems.Unavailable("The message bus is unavailable.", RetryAfterSeconds));
        }
    }

    /// <summary>
    /// With the broker away nothing can be asked: say so at once (<see cref="BusDown"/>) rather than hold the caller for
    /// the whole timeout. (Unhealthy, not Degraded: a single endpoint reconnecting still lets requests through.)
    /// </summary>
    public static bool IsBusDown(IBusControl bus) => bus.CheckHealth().Status == BusHealthStatus.Unhealthy;

    public static IResult BusDown() => Problems.Unavailable("The message bus is unavailable; nothing was changed.", BusDownRetryAfterSeconds);

    /// <summary>
    /// A request lives only as long as the caller waits for it (its time-to-live is the timeout), so the broker keeps
    /// it in memory: written to disk it would cost a write per request and outlive its use.
    /// </summary>
    private static void Transient<TRequest>(IRequestPipeConfigurator<TRequest> request) where TRequest : class =>
        request.UseExecute(context => context.Durable = false);

    private static ResiliencePipeline NewBreaker() => new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestTimeoutException>(),
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(RetryAfterSeconds),
        })
        .Build();
}
