using System.Collections.Concurrent;
using MassTransit;

namespace Marketplace.Bidding.Tests.Support;

/// <summary>
/// Counts the deliveries of <typeparamref name="T"/> that a service's consumers finished, by MessageId, so a test can
/// wait for a redelivery that, being a no-op, leaves no other trace.
/// </summary>
public sealed class ConsumedMessages<T> : IConsumeMessageObserver<T>, IDisposable where T : class
{
    private readonly ConcurrentDictionary<Guid, int> _finished = new();
    private readonly ConnectHandle _handle;

    public ConsumedMessages(IBus bus) => _handle = bus.ConnectConsumeMessageObserver(this);

    public int Count(Guid messageId) => _finished.GetValueOrDefault(messageId);

    public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<T> context)
    {
        if (context.MessageId is { } id) _finished.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault(ConsumeContext<T> context, Exception exception) => Task.CompletedTask;

    public void Dispose() => _handle.Disconnect();
}
