using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Inventory.Clusters;

public sealed class GetClusterConsumer(Db db) : IConsumer<GetCluster>
{
    public async Task Consume(ConsumeContext<GetCluster> context)
    {
        var cluster = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<ClusterRow>(
            $"select {ClusterAccess.Columns} from clusters where id = @ClusterId", context.Message), context.CancellationToken);
        if (cluster is null || !ClusterAccess.CanSee(context.Message.Caller, cluster)) await context.RespondNotFoundAsync("cluster");
        else await context.RespondAsync(cluster.ToView());
    }
}

/// <summary>Newest first, keyset-paged. Providers: their own; tenants: active ones; admins: all.</summary>
public sealed class ListClustersConsumer(Db db) : IConsumer<ListClusters>
{
    public async Task Consume(ConsumeContext<ListClusters> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, m.Limit, m.Cursor);
        errors.GpuModel("gpuModel", m.GpuModel);
        errors.Region("region", m.Region);
        if (m.Status is not null and not ("active" or "delisted")) errors.Add("status", "must be active or delisted");
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        var provider = m.Caller.Role == Roles.Provider ? m.Caller.OrganizationId : (Guid?)null;
        var status = m.Caller.Role == Roles.Tenant ? (m.Status is null or "active" ? "active" : "none") : m.Status;
        var filters = new SqlFilters()
            .AddIf(provider is not null, "provider_id = @provider")
            .AddIf(status is not null, "status = @status")
            .AddIf(m.GpuModel is not null, "gpu_model = @gpuModel")
            .AddIf(m.Region is not null, "region = @region")
            .AddIf(after is not null, "(created_at, id) < (@afterAt, @afterId)");
        var rows = (await db.ReadAsync(c => c.QueryAsync<ClusterRow>(
            $"""
            select {ClusterAccess.Columns} from clusters
            {filters.Where}
            order by created_at desc, id desc limit @take
            """,
            new { provider, status, gpuModel = m.GpuModel, region = m.Region, afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = m.Limit + 1 }),
            context.CancellationToken)).AsList();
        var next = PageCursor.Next(rows, m.Limit, r => new PageCursor(r.CreatedAt, r.Id));
        await context.RespondAsync(new ClusterPage(rows.Select(r => r.ToView()).ToList(), next));
    }
}

/// <summary>Every active cluster, paged by id: the allocation service rebuilds its view of capacity from this.</summary>
public sealed class GetClusterSnapshotConsumer(Db db) : IConsumer<GetClusterSnapshot>
{
    public async Task Consume(ConsumeContext<GetClusterSnapshot> context)
    {
        var m = context.Message;
        var after = Guid.TryParse(m.Cursor, out var id) ? id : Guid.Empty;
        var limit = Math.Clamp(m.Limit, 1, 1000);
        var rows = (await db.ReadAsync(c => c.QueryAsync<ClusterRow>(
            $"select {ClusterAccess.Columns} from clusters where status = 'active' and id > @after order by id limit @limit",
            new { after, limit }), context.CancellationToken)).AsList();
        await context.RespondAsync(new ClusterPage(rows.Select(r => r.ToView()).ToList(), rows.Count == limit ? rows[^1].Id.ToString() : null));
    }
}
