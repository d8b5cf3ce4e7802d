using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Allocation.Rounds;
using MassTransit;

namespace Marketplace.Allocation.Projection;

/// <summary>Keeps the allocation service's copy of a cluster current; a stale event (older updatedAt) changes nothing.</summary>
public static class ClusterProjection
{
    public static Task UpsertAsync(UnitOfWork uow, ClusterView c) => uow.ExecuteAsync(
        """
        insert into clusters (id, provider_id, gpu_model, region, interconnect_kind, gbps_per_node, gpus_per_node, node_count,
                              ask_price, available_from, available_until, status, version)
        values (@Id, @ProviderId, @GpuModel, @Region, @Kind, @Gbps, @GpusPerNode, @NodeCount, @AskPricePerGpuHour,
                @AvailableFrom, @AvailableUntil, @Status, @UpdatedAt)
        on conflict (id) do update set
            ask_price = excluded.ask_price, available_until = excluded.available_until, status = excluded.status, version = excluded.version
        where clusters.version < excluded.version
        """,
        new
        {
            c.Id, c.ProviderId, c.GpuModel, c.Region, Kind = c.Interconnect.Kind, Gbps = c.Interconnect.GbpsPerNode, c.GpusPerNode,
            c.NodeCount, c.AskPricePerGpuHour, c.AvailableFrom, c.AvailableUntil, c.Status, c.UpdatedAt,
        });
}

public sealed class ClusterListedConsumer(Db db, RoundTrigger rounds) : TransactionalConsumer<ClusterListed>(db)
{
    protected override async Task Handle(ConsumeContext<ClusterListed> context, UnitOfWork uow)
    {
        await ClusterProjection.UpsertAsync(uow, context.Message.Cluster);
        uow.OnCommitted(rounds.Request);
    }
}

public sealed class ClusterUpdatedConsumer(Db db, RoundTrigger rounds) : TransactionalConsumer<ClusterUpdated>(db)
{
    protected override async Task Handle(ConsumeContext<ClusterUpdated> context, UnitOfWork uow)
    {
        await ClusterProjection.UpsertAsync(uow, context.Message.Cluster);
        uow.OnCommitted(rounds.Request);
    }
}

public sealed class ClusterDelistedConsumer(Db db) : TransactionalConsumer<ClusterDelisted>(db)
{
    protected override Task Handle(ConsumeContext<ClusterDelisted> context, UnitOfWork uow) =>
        ClusterProjection.UpsertAsync(uow, context.Message.Cluster);
}

/// <summary>
/// Rebuilds the view of capacity from inventory at start-up (paged), so a new or long-stopped instance does not wait
/// for events it missed. Retries until inventory answers.
/// </summary>
public sealed class ClusterSnapshotLoader(Db db, IServiceScopeFactory scopes, RoundTrigger rounds, ILogger<ClusterSnapshotLoader> logger) : BackgroundService
{
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var count = await LoadAsync(stoppingToken);
                logger.LogInformation("Capacity view rebuilt from inventory: {Count} active clusters", count);
                rounds.Request();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Capacity rebuild attempt {Attempt} failed; retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }

    private async Task<int> LoadAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<IRequestClient<GetClusterSnapshot>>();
        string? cursor = null;
        var count = 0;
        do
        {
            var page = (await BoundedRequest.WithinAsync(SnapshotTimeout, ct,
                bounded => client.GetResponse<ClusterPage>(new GetClusterSnapshot(500, cursor), bounded, RequestTimeout.After(s: (int)SnapshotTimeout.TotalSeconds)))).Message;
            await using var uow = await db.BeginAsync(ct);
            foreach (var cluster in page.Items) await ClusterProjection.UpsertAsync(uow, cluster);
            await uow.CommitAsync(ct);
            count += page.Items.Count;
            cursor = page.NextCursor;
        } while (cursor is not null);
        return count;
    }
}
