using Marketplace.Allocation.Rounds;
using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.Outages;

/// <summary>Allocation's copy of outages: their nodes count as occupied (<see cref="OccupancyCache"/>) until they end.</summary>
public static class OutageCopies
{
    /// <summary>Reported and ended travel on separate queues: whichever comes second keeps the earlier end.</summary>
    public static Task UpsertAsync(UnitOfWork uow, OutageView o, string gpuModel) => uow.ExecuteAsync(
        """
        insert into outages (id, cluster_id, gpu_model, node_count, starts_at, ends_at)
        values (@Id, @ClusterId, @gpuModel, @nodes, @From, @Until)
        on conflict (id) do update set ends_at = least(coalesce(outages.ends_at, excluded.ends_at), coalesce(excluded.ends_at, outages.ends_at))
        """, new { o.Id, o.ClusterId, gpuModel, nodes = o.NodeIndexes.Count, o.From, o.Until });
}

public sealed class OutageReportedConsumer(Db db, RoundTrigger rounds) : TransactionalConsumer<OutageReported>(db)
{
    protected override async Task Handle(ConsumeContext<OutageReported> context, UnitOfWork uow)
    {
        await OutageCopies.UpsertAsync(uow, context.Message.Outage, context.Message.GpuModel);
        uow.OnCommitted(rounds.Request);
    }
}

public sealed class OutageEndedConsumer(Db db, RoundTrigger rounds) : TransactionalConsumer<OutageEnded>(db)
{
    protected override async Task Handle(ConsumeContext<OutageEnded> context, UnitOfWork uow)
    {
        await OutageCopies.UpsertAsync(uow, context.Message.Outage, context.Message.GpuModel);
        uow.OnCommitted(rounds.Request);
    }
}

/// <summary>A booking hit by an outage: recorded, then moved or credited at once unless its own workflow is still in flight (then the sweeper does it).</summary>
public sealed class BookingNodesLostConsumer(Db db, OutageWorkflow workflow) : TransactionalConsumer<BookingNodesLost>(db)
{
    protected override async Task Handle(ConsumeContext<BookingNodesLost> context, UnitOfWork uow)
    {
        await OutageLosses.RecordAsync(uow, context.Message);
        var loss = await OutageLosses.LoadAsync(uow, context.Message.OutageId, context.Message.BookingId);
        if (loss is not null) await workflow.HandleAsync(uow, loss);
    }
}

public sealed class BookingMoveAnsweredConsumer(Db db, OutageWorkflow workflow) : TransactionalConsumer<BookingMoveAnswered>(db)
{
    protected override Task Handle(ConsumeContext<BookingMoveAnswered> context, UnitOfWork uow) => workflow.MoveAnsweredAsync(uow, context.Message);
}
