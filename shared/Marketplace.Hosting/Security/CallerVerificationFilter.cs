using Marketplace.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Marketplace.Hosting.Security;

/// <summary>
/// Hands a message that carries a Caller (or, a batch, one per item) to its consumer only when its callers are signed
/// with the services' key for this message id. Anything else (unsigned, signed with another key, a signature lifted from another message) is
/// logged and, for a request, answered 401; it changes nothing. Messages without a Caller pass untouched.
/// </summary>
public sealed class CallerVerificationFilter<T>(CallerSignature signature, ILogger<CallerVerificationFilter<T>> logger)
    : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (!CallerOf<T>.Carries)
        {
            await next.Send(context);
            return;
        }
        var callers = CallerOf<T>.All(context.Message);
        var caller = callers is { Count: > 0 } ? callers[0] : null;
        var given = context.Headers.Get<string>(CallerSignature.Header);
        if (callers is { Count: > 0 } && context.MessageId is { } messageId && signature.Verify(callers, messageId, given))
        {
            await next.Send(context);
            return;
        }
        logger.LogWarning(
            "Refused {MessageType} {MessageId} from {SourceAddress}: caller {OrganizationId} ({Role}) is {Why}",
            typeof(T).Name, context.MessageId, context.SourceAddress, caller?.OrganizationId, caller?.Role,
            given is null ? "not signed" : "not signed by the gateway's key for this message");
        if (context.ResponseAddress is not null || context.RequestId is not null)
            await context.RespondAsync(new Problem(401, "Unauthorized", "The request's caller is not signed by the gateway.", null));
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("callerVerification");
}
