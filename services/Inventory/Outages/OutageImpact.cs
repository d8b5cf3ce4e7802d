using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Inventory.Clusters;
using Marketplace.Inventory.Holds;

namespace Marketplace.Inventory.Outages;

/// <summary>
/// What an outage does to the holds it meets, inside the outage's transaction (the cluster row locked, so no hold on the
/// cluster is taken meanwhile): every booking's rows on the outage's nodes are cut out of the outage, and for the hours
/// still to come the booking gets other free nodes of the same cluster when there are enough of them (the first choice
/// of API.md). Each booking hit is announced once, with what could and could not be replaced; allocation moves the rest
/// to another cluster or credits it.
/// </summary>
public static class OutageImpact
{
    private sealed class Piece
    {
        public long Id { get; init; }
        public Guid BookingId { get; init; }
        public int NodeIndex { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset? ExpiresAt { get; init; }
    }

    /// <summary>The bookings' rows on the outage's nodes over its hours.</summary>
    private const string RowsHit = """
        cluster_id = @clusterId and node_index = any(@nodes) and booking_id is not null and period && tstzrange(@from, @until, '[)')
        """;

    public static async Task<IReadOnlyList<BookingNodesLost>> ApplyAsync(UnitOfWork uow, ClusterRow cluster, Guid outageId, int[] nodes,
        DateTimeOffset from, DateTimeOffset? until, DateTimeOffset now)
    {
        // The rows hit are deleted and written anew below, so a confirmation, move or release of one of these bookings
        // running beside this transaction, with a snapshot older than its commit, would miss the new rows (and a release
        // would leave them held for nobody). The bookings' locks make those take turns with the outage. Under the
        // cluster's lock no booking gains rows here (taking nodes needs the lock shared), so the bookings read now are
        // all the rows below can belong to; the rows are read after the locks, with a snapshot that sees what a booking's
        // step committed meanwhile.
        var hit = (await uow.QueryAsync<Guid>($"select distinct booking_id from node_holds where {RowsHit}",
            new { clusterId = cluster.Id, nodes, from, until })).ToArray();
        if (hit.Length == 0) return [];
        await NodeHolds.LockBookingsAsync(uow, hit);
        var pieces = (await uow.QueryAsync<Piece>(
            $"""
            select id, booking_id, node_index, lower(period) as starts_at, upper(period) as ends_at, status, expires_at
            from node_holds where {RowsHit}
            order by booking_id, node_index, lower(period)
            for update
            """, new { clusterId = cluster.Id, nodes, from, until })).AsList();
        if (pieces.Count == 0) return [];

        // Cut the outage out of each row: what lies before and after it stays held by the booking.
        var rest = pieces.SelectMany(p => new[]
            {
                (p.BookingId, p.NodeIndex, p.StartsAt, EndsAt: Min(p.EndsAt, from), p.Status, p.ExpiresAt),
                (p.BookingId, p.NodeIndex, StartsAt: until is { } u ? Max(p.StartsAt, u) : p.EndsAt, p.EndsAt, p.Status, p.ExpiresAt),
            })
            .Where(r => r.StartsAt < r.EndsAt).ToList();
        await uow.ExecuteAsync("delete from node_holds where id = any(@ids)", new { ids = pieces.Select(p => p.Id).ToArray() });
        await uow.ExecuteAsync(
            """
            insert into node_holds (booking_id, cluster_id, node_index, period, status, expires_at)
            select b, @clusterId, n, tstzrange(s, e, '[)'), st, x from unnest(@bookings, @nodes, @starts, @ends, @statuses, @expires) as r(b, n, s, e, st, x)
            """,
            new
            {
                clusterId = cluster.Id, bookings = rest.Select(r => r.BookingId).ToArray(), nodes = rest.Select(r => r.NodeIndex).ToArray(),
                starts = rest.Select(r => r.StartsAt).ToArray(), ends = rest.Select(r => r.EndsAt).ToArray(),
                statuses = rest.Select(r => r.Status).ToArray(), expires = rest.Select(r => r.ExpiresAt).ToArray(),
            });

        var firstFuture = Hours.CeilingHour(now);
        var lost = new List<BookingNodesLost>();
        // Earliest bookings first, so the spare nodes go to the hours closest at hand; ties by id, deterministically.
        foreach (var booking in pieces.GroupBy(p => p.BookingId)
                     .OrderBy(g => g.Min(p => p.StartsAt)).ThenBy(g => g.Key))
        {
            var lostFrom = Max(booking.Min(p => p.StartsAt), from);
            var lostUntil = until is { } u ? Min(booking.Max(p => p.EndsAt), u) : booking.Max(p => p.EndsAt);
            var movableFrom = Min(Max(lostFrom, firstFuture), lostUntil);
            var nodesLost = booking.Select(p => p.NodeIndex).Distinct().Count();
            // Each row's own lost hours, split at movableFrom: exact node-hours even when a booking's rows on these nodes
            // cover different periods (other nodes took over part of it after an earlier outage).
            var parts = booking.Select(p => (p.NodeIndex, Start: Max(p.StartsAt, from), End: until is { } e ? Min(p.EndsAt, e) : p.EndsAt, Like: p))
                .Where(x => x.Start < x.End).ToList();
            var pastNodeHours = parts.Sum(x => NodeHours(x.Start, Min(x.End, movableFrom)));
            var future = parts.Select(x => (x.NodeIndex, Start: Max(x.Start, movableFrom), x.End, x.Like)).Where(x => x.Start < x.End).ToList();
            var replaced = future.Count > 0 && await TryReplaceAsync(uow, cluster.Id, booking.Key, nodes, future);
            lost.Add(new BookingNodesLost(outageId, booking.Key, cluster.Id, cluster.ProviderId, nodesLost, cluster.GpusPerNode,
                lostFrom, movableFrom, lostUntil, replaced, now, pastNodeHours, future.Sum(x => NodeHours(x.Start, x.End))));
        }
        return lost;
    }

    /// <summary>
    /// For each row's hours to come, a free node of the cluster (none of the outage's) over exactly those hours; all or
    /// nothing: if one cannot be replaced, the replacements taken are given back and the booking goes to allocation.
    /// </summary>
    private static async Task<bool> TryReplaceAsync(UnitOfWork uow, Guid clusterId, Guid bookingId, int[] outageNodes,
        List<(int NodeIndex, DateTimeOffset Start, DateTimeOffset End, Piece Like)> future)
    {
        var taken = new List<long>();
        foreach (var part in future.OrderBy(f => f.Start).ThenBy(f => f.NodeIndex))
        {
            var id = await uow.QuerySingleOrDefaultAsync<long?>(
                """
                insert into node_holds (booking_id, cluster_id, node_index, period, status, expires_at)
                select @bookingId, @clusterId, n.node_index, tstzrange(@from, @until, '[)'), @status, @expiresAt
                from nodes n
                where n.cluster_id = @clusterId and n.node_index <> all(@outageNodes)
                  and not exists (select 1 from node_holds h
                                  where h.cluster_id = n.cluster_id and h.node_index = n.node_index
                                    and h.period && tstzrange(@from, @until, '[)'))
                order by n.node_index limit 1
                returning id
                """, new { bookingId, clusterId, outageNodes, from = part.Start, until = part.End, status = part.Like.Status, expiresAt = part.Like.ExpiresAt });
            if (id is null)
            {
                if (taken.Count > 0) await uow.ExecuteAsync("delete from node_holds where id = any(@taken)", new { taken = taken.ToArray() });
                return false;
            }
            taken.Add(id.Value);
        }
        return true;
    }

    private static decimal NodeHours(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? 0 : (decimal)(to - from).Ticks / TimeSpan.TicksPerHour;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
