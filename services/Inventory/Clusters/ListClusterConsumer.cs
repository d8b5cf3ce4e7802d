using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Inventory.Clusters;

/// <summary>
/// A provider lists a cluster: the cluster, its nodes and the ClusterListed event commit together.
/// Create-by-id: the id comes from the gateway (fixed by the Idempotency-Key), so a repeat returns the first.
/// </summary>
public sealed class ListClusterConsumer(Db db) : IConsumer<ListCluster>
{
    public async Task Consume(ConsumeContext<ListCluster> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Provider) { await context.RespondForbiddenAsync("Only providers list clusters."); return; }
        var errors = new ValidationErrors();
        MarketRules.ValidateListing(errors, m.Name, m.Region, m.GpuModel, m.GpusPerNode, m.NodeCount, m.Interconnect?.Kind,
            m.Interconnect?.GbpsPerNode, m.Interconnect is not null, m.AskPricePerGpuHour, m.AvailableFrom, m.AvailableUntil);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        var inserted = await uow.ExecuteAsync(
            """
            insert into clusters (id, provider_id, name, region, gpu_model, gpus_per_node, node_count, interconnect_kind,
                                  gbps_per_node, ask_price, available_from, available_until)
            values (@ClusterId, @ProviderId, @Name, @Region, @GpuModel, @GpusPerNode, @NodeCount, @Kind, @Gbps, @Ask, @From, @Until)
            on conflict (id) do nothing
            """,
            new
            {
                m.ClusterId, ProviderId = m.Caller.OrganizationId, m.Name, m.Region, m.GpuModel, m.GpusPerNode, m.NodeCount,
                Kind = m.Interconnect!.Kind, Gbps = m.Interconnect.GbpsPerNode, Ask = m.AskPricePerGpuHour,
                From = m.AvailableFrom, Until = m.AvailableUntil,
            });
        var cluster = (await ClusterAccess.LoadAsync(uow, m.ClusterId))!;
        if (inserted == 1)
        {
            await uow.ExecuteAsync(
                "insert into nodes (cluster_id, node_index) select @id, i from generate_series(0, @count - 1) i",
                new { id = m.ClusterId, count = m.NodeCount });
            await uow.PublishAsync(new ClusterListed(cluster.ToView()));
        }
        else if (cluster.ProviderId != m.Caller.OrganizationId)
        {
            await context.RespondProblemAsync(409, "Conflict", "That cluster id is taken.");
            return;
        }
        await uow.CommitAsync(context.CancellationToken);
        await context.RespondAsync(cluster.ToView());
    }
}
