using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Outages;

/// <summary>
/// Clusters a booking may move to (API.md): the bid's GPU model, regions and fabric, all its GPUs on one cluster, an ask
/// at most the booking's price, available over the remaining hours; cheapest first, then the smallest that fits (as
/// rounds choose), then by id. Inventory tries them in this order and takes the first with enough free nodes.
/// </summary>
public static class MoveCandidates
{
    public const int Max = 20;

    public static async Task<IReadOnlyList<MoveCandidate>> FindAsync(UnitOfWork uow, Guid bookingId, Guid awayFrom, DateTimeOffset from, DateTimeOffset until)
    {
        var rows = await uow.QueryAsync<(Guid Id, int Nodes, string Kind, string? MinKind)>(
            """
            select c.id, ((bid.gpu_count + c.gpus_per_node - 1) / c.gpus_per_node) as nodes, c.interconnect_kind, bid.interconnect_kind
            from bookings b
            join bids bid on bid.id = b.bid_id
            join clusters c on c.gpu_model = b.gpu_model
            where b.id = @bookingId and c.id <> @awayFrom and c.status = 'active'
              and c.ask_price <= b.price
              and c.available_from <= @from and c.available_until >= @until
              and (cardinality(bid.regions) = 0 or c.region = any(bid.regions))
              and (bid.min_gbps_per_node is null or c.gbps_per_node >= bid.min_gbps_per_node)
              and c.node_count * c.gpus_per_node >= bid.gpu_count
            order by c.ask_price, c.node_count * c.gpus_per_node, c.id
            """, new { bookingId, awayFrom, from, until });
        return rows.Where(r => r.MinKind is null || Interconnects.Rank(r.Kind) >= Interconnects.Rank(r.MinKind))
            .Take(Max).Select(r => new MoveCandidate(r.Id, r.Nodes)).ToList();
    }
}
