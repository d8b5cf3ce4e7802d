using Marketplace.Hosting.Database;

namespace Marketplace.Inventory.Holds;

/// <summary>Taking and releasing node holds. The exclusion constraint on node_holds is the guarantee that no node is held twice.</summary>
public static class NodeHolds
{
    public sealed record Terms(Guid BookingId, Guid ClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    /// <summary>
    /// Makes the work on these bookings' holds take turns until the transaction ends. A queue's messages are handled
    /// several at once, so a step sent twice (the watchdog's re-send of a stalled step, a retried command with a new
    /// message id) can run beside its first copy: each would find the booking holding nothing and take nodes of its own,
    /// and the booking would keep both. Every caller takes these locks first, all at once in the order of their keys (so
    /// two batches never wait on each other in a circle), and in a statement of its own: the next statement's snapshot,
    /// taken after the wait, then sees what the other copy committed. A release takes them too, so a confirmation and a
    /// release of one booking take turns (see <see cref="ReleasedAsync"/>); so does an outage for the bookings it cuts
    /// (OutageImpact), whose rows it deletes and writes anew.
    /// </summary>
    public static Task LockBookingsAsync(UnitOfWork uow, IEnumerable<Guid> bookingIds) =>
        uow.ExecuteAsync(
            """
            select pg_advisory_xact_lock(k.key)
            from (select distinct hashtextextended('node-holds:' || b.id::text, 0) as key from unnest(@ids) as b(id) order by 1) as k
            """, new { ids = bookingIds.Distinct().ToArray() });

    /// <summary>Records that a booking's nodes were released: nothing may take nodes for it again (migration 0005).</summary>
    public static Task MarkReleasedAsync(UnitOfWork uow, Guid bookingId) =>
        uow.ExecuteAsync("insert into booking_releases (booking_id) values (@bookingId) on conflict do nothing", new { bookingId });

    /// <summary>What a hold, confirmation or move of a released booking answers: it takes no nodes.</summary>
    public const string ReleasedRefusal = "the booking's nodes were released";

    /// <summary>Which of these bookings had their nodes released; the caller holds their locks.</summary>
    public static async Task<HashSet<Guid>> ReleasedAsync(UnitOfWork uow, IReadOnlyCollection<Guid> bookingIds) =>
        bookingIds.Count == 0 ? []
            : (await uow.QueryAsync<Guid>("select booking_id from booking_releases where booking_id = any(@ids)",
                new { ids = bookingIds.ToArray() })).ToHashSet();

    /// <summary>
    /// Which of these bookings hold nodes already (a retried step) and which had them released, in one round trip; the
    /// caller holds their locks.
    /// </summary>
    public static async Task<(HashSet<Guid> Holding, HashSet<Guid> Released)> StandingAsync(UnitOfWork uow, IReadOnlyCollection<Guid> bookingIds)
    {
        var rows = await uow.QueryAsync<(Guid BookingId, bool Holding, bool Released)>(
            """
            select b.id, exists (select 1 from node_holds h where h.booking_id = b.id),
                   exists (select 1 from booking_releases r where r.booking_id = b.id)
            from unnest(@ids) as b(id)
            """, new { ids = bookingIds.ToArray() });
        var (holding, released) = (new HashSet<Guid>(), new HashSet<Guid>());
        foreach (var (id, holds, isReleased) in rows)
        {
            if (holds) holding.Add(id);
            if (isReleased) released.Add(id);
        }
        return (holding, released);
    }

    /// <summary>Holds the lowest-numbered free nodes for the period, or says why it cannot.</summary>
    public static async Task<(int[]? Nodes, string? Refusal)> TryHoldAsync(UnitOfWork uow, Terms terms, string status, DateTimeOffset? expiresAt)
    {
        if (terms.EndsAt <= terms.StartsAt || terms.NodeCount < 1) return (null, "invalid period or node count");
        // Every pass is one round trip (TakeFreeNodes): it reads the cluster's row and its free nodes and, when the
        // cluster is active, the period inside its availability and enough nodes free, takes them. A node another
        // transaction took meanwhile is skipped by "on conflict do nothing" (it waits for that transaction, then
        // yields), so the next pass looks again for the rest instead of failing the whole transaction. Every pass either
        // takes a node or sees fewer free ones, so the loop ends.
        var taken = new List<int>(terms.NodeCount);
        while (taken.Count < terms.NodeCount)
        {
            var missing = terms.NodeCount - taken.Count;
            var look = await uow.QuerySingleOrDefaultAsync<(string Status, DateTimeOffset AvailableFrom, DateTimeOffset AvailableUntil, int[] Free, int[] Taken)>(
                TakeFreeNodes, new { terms.BookingId, terms.ClusterId, terms.StartsAt, terms.EndsAt, status, expiresAt, missing });
            var refusal = look.Status is null ? "no such cluster"
                : look.Status != "active" ? "cluster delisted"
                : terms.StartsAt < look.AvailableFrom || terms.EndsAt > look.AvailableUntil ? "outside the cluster's availability"
                : look.Free.Length < missing ? $"only {taken.Count + look.Free.Length} of {terms.NodeCount} nodes free for that period"
                : null;
            if (refusal is not null)
            {
                // All or nothing: give back what an earlier pass took, so a refused hold leaves no rows behind.
                if (taken.Count > 0)
                    await uow.ExecuteAsync("delete from node_holds where booking_id = @BookingId and node_index = any(@taken)",
                        new { terms.BookingId, taken = taken.ToArray() });
                return (null, refusal);
            }
            taken.AddRange(look.Taken);
        }
        taken.Sort();
        return (taken.ToArray(), null);
    }

    /// <summary>
    /// One pass of a hold. A share lock on the cluster's row: holds on one cluster go side by side (the exclusion
    /// constraint keeps them apart), while a PATCH or delist (which update the row) waits for them and cannot shrink the
    /// availability under a hold being taken. Nothing is inserted unless the cluster is active, the period inside its
    /// availability and @missing nodes free.
    /// </summary>
    private const string TakeFreeNodes = $"""
        with c as (select id, status, available_from, available_until from clusters where id = @ClusterId for share),
        free as ({FreeNodes}),
        taken as (
            insert into node_holds (booking_id, cluster_id, node_index, period, status, expires_at)
            select @BookingId, @ClusterId, free.node_index, tstzrange(@StartsAt, @EndsAt, '[)'), @status, @expiresAt from free
            where exists (select 1 from c where c.status = 'active' and c.available_from <= @StartsAt and @EndsAt <= c.available_until)
              and (select count(*) from free) >= @missing
            on conflict do nothing
            returning node_index)
        select c.status, c.available_from, c.available_until, array(select node_index from free) as free,
               array(select node_index from taken) as taken
        from c
        """;

    /// <summary>The lowest-numbered nodes of a cluster free for a period, at most @missing of them.</summary>
    private const string FreeNodes = """
        select n.node_index from nodes n
        where n.cluster_id = @ClusterId
          and not exists (select 1 from node_holds h
                          where h.cluster_id = n.cluster_id and h.node_index = n.node_index
                            and h.period && tstzrange(@StartsAt, @EndsAt, '[)'))
        order by n.node_index limit @missing
        """;

    /// <summary>What a booking holds now (null: nothing); ExpiresAt is null once confirmed.</summary>
    public sealed record Holding(Guid ClusterId, int[] Nodes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset? ExpiresAt);

    public static async Task<Holding?> HeldByAsync(UnitOfWork uow, Guid bookingId)
    {
        var row = await uow.QuerySingleOrDefaultAsync<(Guid ClusterId, int[] Nodes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset? ExpiresAt)>(
            """
            select cluster_id, array_agg(node_index order by node_index), min(lower(period)), max(upper(period)), min(expires_at)
            from node_holds where booking_id = @bookingId group by cluster_id
            order by min(lower(period)) limit 1
            """, new { bookingId });
        return row.Nodes is null ? null : new Holding(row.ClusterId, row.Nodes, row.StartsAt, row.EndsAt, row.ExpiresAt);
    }
}
