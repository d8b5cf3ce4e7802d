using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Inventory.Clusters;
using MassTransit;

namespace Marketplace.Inventory.Outages;

/// <summary>
/// The cluster's provider (or an admin) reports nodes down. In one transaction, under the cluster's row lock (holds take
/// it shared, so none is taken meanwhile): the outage is stored, the bookings on those nodes lose them for the outage's
/// hours (replaced by other free nodes of the cluster where possible, <see cref="OutageImpact"/>), and the nodes are
/// taken out of the market by outage rows in node_holds, where the exclusion constraint keeps every later hold off them.
/// Create-by-id: the id comes from the gateway (fixed by the Idempotency-Key), so a repeat answers the first outage.
/// </summary>
public sealed class ReportOutageConsumer(Db db, TimeProvider clock) : IConsumer<ReportOutage>
{
    public async Task Consume(ConsumeContext<ReportOutage> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        OutageRules.ValidateReport(errors, now, m.NodeIndexes, m.From, m.Until, m.Reason);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        var cluster = await ClusterAccess.LoadAsync(uow, m.ClusterId, forUpdate: true);
        if (cluster is null || !Outages.MayManage(m.Caller, cluster.ProviderId)) { await context.RespondNotFoundAsync("cluster"); return; }
        if (await Outages.LoadAsync(uow, m.OutageId) is { } existing)
        {
            if (existing.ClusterId != m.ClusterId) { await context.RespondProblemAsync(409, "Conflict", "That outage id is taken."); return; }
            await context.RespondAsync(await Outages.ViewAsync(uow, existing));
            return;
        }
        var nodes = (m.NodeIndexes ?? Enumerable.Range(0, cluster.NodeCount).ToList()).Order().ToArray();
        if (nodes.FirstOrDefault(i => i >= cluster.NodeCount) is var wrong && wrong >= cluster.NodeCount)
        {
            await context.RespondInvalidAsync(new ValidationErrors().Add("nodeIndexes",
                $"node {wrong} does not exist: the cluster's nodes are 0 to {cluster.NodeCount - 1}"));
            return;
        }
        var overlapping = (await uow.QueryAsync<(int Node, Guid OutageId)>(
            """
            select node_index, outage_id from node_holds
            where cluster_id = @ClusterId and outage_id is not null and node_index = any(@nodes) and period && tstzrange(@From, @Until, '[)')
            order by node_index limit 5
            """, new { m.ClusterId, nodes, m.From, m.Until })).AsList();
        if (overlapping.Count > 0)
        {
            await context.RespondProblemAsync(409, "Conflict",
                $"Node(s) {string.Join(", ", overlapping.Select(o => o.Node).Distinct())} already have an outage over that period " +
                $"({overlapping[0].OutageId}); end it or report the rest.");
            return;
        }

        await uow.ExecuteAsync(
            """
            insert into outages (id, cluster_id, node_indexes, starts_at, ends_at, reason, reported_by)
            values (@OutageId, @ClusterId, @nodes, @From, @Until, @Reason, @reporter)
            """, new { m.OutageId, m.ClusterId, nodes, m.From, m.Until, m.Reason, reporter = m.Caller.OrganizationId });
        var hit = await OutageImpact.ApplyAsync(uow, cluster, m.OutageId, nodes, m.From, m.Until, now);
        await uow.ExecuteAsync(
            """
            insert into node_holds (cluster_id, node_index, period, status, outage_id)
            select @ClusterId, i, tstzrange(@From, @Until, '[)'), 'outage', @OutageId from unnest(@nodes) i
            """, new { m.ClusterId, nodes, m.From, m.Until, m.OutageId });
        var view = await Outages.ViewAsync(uow, (await Outages.LoadAsync(uow, m.OutageId))!);
        await uow.PublishAsync(new OutageReported(view, cluster.GpuModel, cluster.ProviderId, cluster.GpusPerNode));
        foreach (var lost in hit) await uow.PublishAsync(lost);
        await uow.CommitAsync(context.CancellationToken);
        await context.RespondAsync(view);
    }
}
