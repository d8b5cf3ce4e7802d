using MassTransit;

namespace Marketplace.Hosting.Security;

/// <summary>
/// Signs the caller of every outgoing message that has one. The gateway's requests are the reason; a service that asks
/// another on a caller's behalf (settlement cancelling a booking for an admin) is signed the same way.
/// The signature covers the message id actually sent: one is assigned here if nothing set it yet.
/// </summary>
public sealed class CallerSigningFilter<T>(CallerSignature signature) : IFilter<SendContext<T>>, IFilter<PublishContext<T>>
    where T : class
{
    public Task Send(SendContext<T> context, IPipe<SendContext<T>> next)
    {
        SignOnto(context);
        return next.Send(context);
    }

    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        SignOnto(context);
        return next.Send(context);
    }

    private void SignOnto(SendContext<T> context)
    {
        if (CallerOf<T>.All(context.Message) is not { Count: > 0 } callers) return;
        context.MessageId ??= NewId.NextGuid();
        context.Headers.Set(CallerSignature.Header, signature.Sign(callers, context.MessageId.Value));
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("callerSigning");
}
