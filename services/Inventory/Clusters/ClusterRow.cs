using Marketplace.Contracts;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Inventory.Clusters;

public sealed class ClusterRow
{
    public Guid Id { get; init; }
    public Guid ProviderId { get; init; }
    public string Name { get; init; } = "";
    public string Region { get; init; } = "";
    public string GpuModel { get; init; } = "";
    public int GpusPerNode { get; init; }
    public int NodeCount { get; init; }
    public string InterconnectKind { get; init; } = "";
    public int GbpsPerNode { get; init; }
    public decimal AskPrice { get; init; }
    public DateTimeOffset AvailableFrom { get; init; }
    public DateTimeOffset AvailableUntil { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public ClusterView ToView() => new(Id, ProviderId, Name, Region, GpuModel, GpusPerNode, NodeCount,
        new Interconnect(InterconnectKind, GbpsPerNode), AskPrice, AvailableFrom, AvailableUntil, Status, CreatedAt, UpdatedAt);
}

/// <summary>Who may see which cluster, decided here in the owning service, not only in the gateway.</summary>
public static class ClusterAccess
{
    public const string Columns = """
        id, provider_id, name, region, gpu_model, gpus_per_node, node_count, interconnect_kind, gbps_per_node,
        ask_price, available_from, available_until, status, created_at, updated_at
        """;

    /// <summary>A provider sees only its own clusters; a tenant the active ones; an admin all. Others' ids are "not found".</summary>
    public static bool CanSee(Caller caller, ClusterRow cluster) => caller.Role switch
    {
        Roles.Admin => true,
        Roles.Provider => cluster.ProviderId == caller.OrganizationId,
        Roles.Tenant => cluster.Status == "active",
        _ => false,
    };

    public static Task<ClusterRow?> LoadAsync(UnitOfWork uow, Guid id, bool forUpdate = false) =>
        uow.QuerySingleOrDefaultAsync<ClusterRow>(
            $"select {Columns} from clusters where id = @id{(forUpdate ? " for update" : "")}", new { id });
}
