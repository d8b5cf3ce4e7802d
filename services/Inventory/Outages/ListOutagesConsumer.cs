using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Inventory.Clusters;
using MassTransit;

namespace Marketplace.Inventory.Outages;

/// <summary>A cluster's outages, newest first, with their effects so far: for its provider and admins.</summary>
public sealed class ListOutagesConsumer(Db db) : IConsumer<ListOutages>
{
    public async Task Consume(ConsumeContext<ListOutages> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, m.Limit, m.Cursor);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        var cluster = await ClusterAccess.LoadAsync(uow, m.ClusterId);
        if (cluster is null || !Outages.MayManage(m.Caller, cluster.ProviderId)) { await context.RespondNotFoundAsync("cluster"); return; }
        var rows = await Outages.ListAsync(uow, m.ClusterId, after, m.Limit + 1);
        var next = PageCursor.Next(rows, m.Limit, r => new PageCursor(r.CreatedAt, r.Id));
        await context.RespondAsync(new OutagePage(await Outages.ViewsAsync(uow, rows), next));
    }
}
