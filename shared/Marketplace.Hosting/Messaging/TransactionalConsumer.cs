using Marketplace.Hosting.Database;
using MassTransit;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Base for consumers that change state: the work, the inbox record and any outgoing messages share one
/// transaction, so a redelivered message changes nothing twice and a crash leaves no half-done step.
/// </summary>
public abstract class TransactionalConsumer<T>(Db db) : IConsumer<T> where T : class
{
    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId");
        await using var uow = await db.BeginAsync(context.CancellationToken);
        if (!await uow.TryMarkConsumedAsync(messageId, GetType().Name)) return;
        await Handle(context, uow);
        await uow.CommitAsync(context.CancellationToken);
    }

    protected abstract Task Handle(ConsumeContext<T> context, UnitOfWork uow);
}
