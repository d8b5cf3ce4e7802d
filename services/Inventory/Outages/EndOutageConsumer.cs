using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Inventory.Clusters;
using MassTransit;

namespace Marketplace.Inventory.Outages;

/// <summary>
/// The nodes are bookable again from <c>At</c> on. What the outage already did to bookings stands: their hours were moved
/// or credited, and ending the outage does not undo that. Ending again at the same hour answers the same.
/// </summary>
public sealed class EndOutageConsumer(Db db) : IConsumer<EndOutage>
{
    public async Task Consume(ConsumeContext<EndOutage> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        OutageRules.ValidateEnd(errors, m.At);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        var outage = await Outages.LoadAsync(uow, m.OutageId);
        var cluster = outage is null ? null : await ClusterAccess.LoadAsync(uow, outage.ClusterId, forUpdate: true);
        if (cluster is null || !Outages.MayManage(m.Caller, cluster.ProviderId)) { await context.RespondNotFoundAsync("outage"); return; }
        outage = (await Outages.LoadAsync(uow, m.OutageId, forUpdate: true))!;
        if (outage.EndedAt is not null)
        {
            if (outage.Until == m.At) await context.RespondAsync(await Outages.ViewAsync(uow, outage));
            else await context.RespondProblemAsync(409, "Conflict", $"The outage already ended at {outage.Until:O}.");
            return;
        }
        if (m.At < outage.From || outage.Until is { } until && m.At > until)
        {
            await context.RespondInvalidAsync(new ValidationErrors().Add("at",
                outage.Until is null ? "must be at or after the outage's from" : "must be between the outage's from and until"));
            return;
        }

        if (m.At == outage.From) await uow.ExecuteAsync("delete from node_holds where outage_id = @OutageId", new { m.OutageId });
        else await uow.ExecuteAsync("update node_holds set period = tstzrange(lower(period), @At, '[)') where outage_id = @OutageId", new { m.OutageId, m.At });
        await uow.ExecuteAsync("update outages set ends_at = @At, ended_at = now() where id = @OutageId", new { m.OutageId, m.At });
        var ended = (await Outages.LoadAsync(uow, m.OutageId))!;
        var view = await Outages.ViewAsync(uow, ended);
        await uow.PublishAsync(new OutageEnded(view, cluster.GpuModel));
        await uow.CommitAsync(context.CancellationToken);
        await context.RespondAsync(view);
    }
}
