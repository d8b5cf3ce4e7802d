using Dapper;
using Marketplace.Hosting.Database;
using MassTransit;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Like <see cref="TransactionalConsumer{T}"/>, for many messages at once (MassTransit's batch delivery): one
/// transaction records every message in the inbox and handles those not handled before, so a high-volume event costs
/// one transaction per batch instead of one per message, with the same exactly-once effect. Each message comes with
/// its own context (when it was sent, its headers), in the order the batch delivered them.
/// </summary>
public abstract class TransactionalBatchConsumer<T>(Db db) : IConsumer<Batch<T>> where T : class
{
    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        var messages = context.Message
            .Select(m => (Id: m.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId"), Context: m))
            .DistinctBy(m => m.Id).ToList();
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var fresh = (await uow.Connection.QueryAsync<Guid>(
            "insert into inbox (message_id, consumer) select unnest(@ids), @consumer on conflict do nothing returning message_id",
            // In id order: two batches that share redelivered messages take their inbox rows in the same order.
            new { ids = messages.Select(m => m.Id).Order().ToArray(), consumer = GetType().Name }, uow.Transaction)).ToHashSet();
        var toHandle = messages.Where(m => fresh.Contains(m.Id)).Select(m => m.Context).ToList();
        if (toHandle.Count > 0) await Handle(toHandle, uow);
        await uow.CommitAsync(context.CancellationToken);
    }

    protected abstract Task Handle(IReadOnlyList<ConsumeContext<T>> messages, UnitOfWork uow);
}

/// <summary>
/// A <see cref="TransactionalBatchConsumer{T}"/>'s endpoint: up to <paramref name="messageLimit"/> messages per batch,
/// gathered for at most <paramref name="timeLimit"/> (alone, a message waits that long at most), and
/// <paramref name="concurrency"/> batches at once; the endpoint admits as many messages as those batches hold.
/// </summary>
public abstract class TransactionalBatchConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    private readonly int _messageLimit;
    private readonly int _concurrency;
    private readonly TimeSpan _timeLimit;

    protected TransactionalBatchConsumerDefinition(int messageLimit, int concurrency, TimeSpan timeLimit)
    {
        (_messageLimit, _concurrency, _timeLimit) = (messageLimit, concurrency, timeLimit);
        Endpoint(e =>
        {
            e.PrefetchCount = messageLimit * concurrency;
            e.ConcurrentMessageLimit = messageLimit * concurrency;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(_messageLimit).SetTimeLimit(_timeLimit).SetConcurrencyLimit(_concurrency));
}
