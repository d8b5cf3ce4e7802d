using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Inventory.Clusters;

/// <summary>
/// A provider lists a cluster: the cluster, its nodes and the ClusterListed event commit together.
/// Create-by-id: the id comes from the gateway (fixed by the Idempotency-Key), so a repeat returns the first.
/// </summary>
public sealed class ListClusterConsumer(Db db, IOptions<InventoryOptions> options) : IConsumer<ListCluster>
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
        // One provider's listings take turns (a transaction-scoped lock per provider), so concurrent ones cannot all
        // count the same "one below the quota"; a retry of a listed cluster finds it here and never meets the quota.
        var provider = m.Caller.OrganizationId;
        await uow.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('active-clusters:' || @provider::text, 0))", new { provider });
        if (await ClusterAccess.LoadAsync(uow, m.ClusterId) is null && await QuotaExceededAsync(context, uow, provider)) return;

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

    /// <summary>Answers 422 and returns true when a new listing would pass one of the provider's quotas.</summary>
    private async Task<bool> QuotaExceededAsync(ConsumeContext<ListCluster> context, UnitOfWork uow, Guid provider)
    {
        var quota = options.Value;
        var m = context.Message;
        if (m.NodeCount > quota.MaxNodesPerCluster)
        {
            await context.RespondQuotaExceededAsync($"A cluster may have at most {quota.MaxNodesPerCluster} nodes on this marketplace; list a larger one as several clusters.");
            return true;
        }
        var active = await uow.ExecuteScalarAsync<long>(
            "select count(*) from clusters where provider_id = @provider and status = 'active'", new { provider });
        if (active < quota.MaxActiveClustersPerProvider) return false;
        await context.RespondQuotaExceededAsync(
            $"A provider may have at most {quota.MaxActiveClustersPerProvider} active clusters at a time; delist one first.");
        return true;
    }
}
