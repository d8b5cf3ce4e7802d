using Dapper;
using Marketplace.Hosting.Database;
using MassTransit;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Like <see cref="TransactionalConsumer{T}"/>, for many messages at once (MassTransit's batch delivery): one
/// transaction records every message in the inbox and handles those not handled before, so a high-volume event costs
/// one transaction per batch instead of one per message, with the same exactly-once effect.
/// </summary>
public abstract class TransactionalBatchConsumer<T>(Db db) : IConsumer<Batch<T>> where T : class
{
    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        var messages = context.Message
            .Select(m => (Id: m.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} arrived without a MessageId"), m.Message))
            .DistinctBy(m => m.Id).ToList();
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var fresh = (await uow.Connection.QueryAsync<Guid>(
            "insert into inbox (message_id, consumer) select unnest(@ids), @consumer on conflict do nothing returning message_id",
            new { ids = messages.Select(m => m.Id).ToArray(), consumer = GetType().Name }, uow.Transaction)).ToHashSet();
        var toHandle = messages.Where(m => fresh.Contains(m.Id)).Select(m => m.Message).ToList();
        if (toHandle.Count > 0) await Handle(toHandle, uow);
        await uow.CommitAsync(context.CancellationToken);
    }

    protected abstract Task Handle(IReadOnlyList<T> messages, UnitOfWork uow);
}
