using System.Collections.Concurrent;
using Marketplace.Testing;
using MassTransit;

namespace Marketplace.Inventory.Tests.Support;

/// <summary>
/// Counts how often each message id went through a consumer of the inventory host. A redelivered command that is
/// (rightly) ignored leaves no trace in the database, so this is how a test knows the redelivery was handled.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver, IDisposable
{
    private readonly ConcurrentDictionary<Guid, int> _times = new();
    private readonly ConnectHandle _handle;

    public ConsumedMessages(IBus bus) => _handle = bus.ConnectConsumeObserver(this);

    public Task WaitAsync(Guid messageId, int times) =>
        Eventually.True(() => Task.FromResult(_times.GetValueOrDefault(messageId) >= times), what: $"message {messageId} consumed {times} time(s)");

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id) _times.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public void Dispose() => _handle.Disconnect();
}
