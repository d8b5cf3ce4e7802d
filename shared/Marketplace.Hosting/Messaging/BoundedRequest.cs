using MassTransit;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// A request over the bus ends by its deadline, even when its send never does.
/// <para>
/// RabbitMQ.Client 7.2 can leave a publish waiting for ever for a confirm that was lost with its connection
/// (rabbitmq-dotnet-client#1930, open). MassTransit finishes a request only after its send has finished, so such a
/// request would never end, timeout or not. A chaos run showed it: a placement batch in the gateway, sent as the
/// broker's connection was cut, held every later placement until the gateway restarted.
/// </para>
/// <para>
/// So each request gets a token that fires a little after its timeout, which also cancels the send. The caller stops
/// waiting at that point whatever the send does. A request given up this way fails like one nobody answered:
/// <see cref="RequestTimeoutException"/>. A caller who cancels still gets its own cancellation.
/// </para>
/// </summary>
public static class BoundedRequest
{
    /// <summary>
    /// How long after its timeout a request whose send has not finished is given up. When the send did finish,
    /// MassTransit's own timeout answers first.
    /// </summary>
    public static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="ask"/> (a GetResponse given the token it is passed) and ends it by <paramref name="timeout"/> plus <see cref="SendGrace"/>.</summary>
    public static async Task<T> WithinAsync<T>(TimeSpan timeout, CancellationToken ct, Func<CancellationToken, Task<T>> ask)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout + SendGrace);
        try
        {
            // WaitAsync, not only the token: the send that hangs may not look at its token.
            return await ask(deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new RequestTimeoutException($"no answer (or no finished send) within {timeout.TotalSeconds:0.###} s");
        }
    }
}
