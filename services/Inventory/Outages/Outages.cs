using Dapper;
using Marketplace.Contracts;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Inventory.Outages;

public sealed class OutageRow
{
    public Guid Id { get; init; }
    public Guid ClusterId { get; init; }
    public int[] NodeIndexes { get; init; } = [];
    public DateTimeOffset From { get; init; }
    /// <summary>Null while the outage has no end.</summary>
    public DateTimeOffset? Until { get; init; }
    public string Reason { get; init; } = "";
    public Guid ReportedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>Reading outages and their effects, and who may report, see and end them: the cluster's provider or an admin.</summary>
public static class Outages
{
    private const string Columns = """
        id, cluster_id, node_indexes, starts_at as "from", ends_at as until,
        reason, reported_by, created_at, ended_at
        """;

    public static bool MayManage(Caller caller, Guid clusterProviderId) =>
        caller.Role == Roles.Admin || caller.Role == Roles.Provider && caller.OrganizationId == clusterProviderId;

    public static Task<OutageRow?> LoadAsync(UnitOfWork uow, Guid id, bool forUpdate = false) =>
        uow.QuerySingleOrDefaultAsync<OutageRow>($"select {Columns} from outages where id = @id{(forUpdate ? " for update" : "")}", new { id });

    public static async Task<List<OutageRow>> ListAsync(UnitOfWork uow, Guid clusterId, PageCursor? after, int take)
    {
        var keyset = new SqlFilters().AddIf(after is not null, "(created_at, id) < (@afterAt, @afterId)");
        return (await uow.QueryAsync<OutageRow>(
            $"""
            select {Columns} from outages
            where cluster_id = @clusterId {keyset.And}
            order by created_at desc, id desc limit @take
            """, new { clusterId, afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take })).AsList();
    }

    public static async Task<List<OutageView>> ViewsAsync(UnitOfWork uow, IReadOnlyList<OutageRow> outages)
    {
        var ids = outages.Select(o => o.Id).ToArray();
        var effects = (await uow.QueryAsync<(Guid OutageId, Guid BookingId, string Action, decimal GpuHours, decimal Amount, Guid? ToClusterId)>(
                "select outage_id, booking_id, action, gpu_hours, amount, to_cluster_id from outage_effects where outage_id = any(@ids) order by at, booking_id, action",
                new { ids }))
            .ToLookup(e => e.OutageId, e => new OutageEffect(e.BookingId, e.Action, e.GpuHours, e.Amount, e.ToClusterId));
        return outages.Select(o => new OutageView(o.Id, o.ClusterId, o.NodeIndexes, o.From, o.Until, o.Reason, o.CreatedAt, o.EndedAt,
            effects[o.Id].ToList())).ToList();
    }

    public static async Task<OutageView> ViewAsync(UnitOfWork uow, OutageRow outage) => (await ViewsAsync(uow, [outage]))[0];
}
