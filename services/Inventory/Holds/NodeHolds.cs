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
    /// <param name="alreadyTaken">Nodes this transaction took for the booking already (<see cref="TryHoldManyAsync"/>'s
    /// insert, when another transaction took some of the nodes it chose): the passes look for the rest.</param>
    public static async Task<(int[]? Nodes, string? Refusal)> TryHoldAsync(UnitOfWork uow, Terms terms, string status, DateTimeOffset? expiresAt,
        IReadOnlyCollection<int>? alreadyTaken = null)
    {
        if (Invalid(terms) is { } invalid) return (null, invalid);
        // Every pass is one round trip (TakeFreeNodes): it reads the cluster's row and its free nodes and, when the
        // cluster is active, the period inside its availability and enough nodes free, takes them. A node another
        // transaction took meanwhile is skipped by "on conflict do nothing" (it waits for that transaction, then
        // yields), so the next pass looks again for the rest instead of failing the whole transaction. Every pass either
        // takes a node or sees fewer free ones, so the loop ends.
        var taken = new List<int>(alreadyTaken ?? []);
        while (taken.Count < terms.NodeCount)
        {
            var missing = terms.NodeCount - taken.Count;
            var look = await uow.QuerySingleOrDefaultAsync<(string Status, DateTimeOffset AvailableFrom, DateTimeOffset AvailableUntil, int[] Free, int[] Taken)>(
                TakeFreeNodes, new { terms.BookingId, terms.ClusterId, terms.StartsAt, terms.EndsAt, status, expiresAt, missing });
            var refusal = Refusal(terms, look.Status, look.AvailableFrom, look.AvailableUntil)
                ?? (look.Free.Length < missing ? NotEnoughFree(taken.Count + look.Free.Length, terms.NodeCount) : null);
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
    /// Holds for many bookings in two round trips rather than one or more each (a round's batch, issue 11): one statement
    /// takes the share locks on their clusters (in id order, as every batch takes them) and reads each booking's free
    /// nodes; the nodes are shared out here, lowest first, so that bookings of the batch whose periods overlap on a
    /// cluster get different ones; one insert takes them all. A node another transaction took between the two statements
    /// is skipped by the insert ("on conflict do nothing" against the exclusion constraint), and that booking alone looks
    /// for the rest as a single hold does (<see cref="TryHoldAsync"/>); a booking of the same cluster that was refused for
    /// want of free nodes then looks again too, as what the batch had given out may have changed. Each booking gets all
    /// its nodes or none, and is refused for the reasons a single hold gives. The bookings must be distinct, and hold
    /// nothing yet. Raced: the bookings that met such a node.
    /// </summary>
    public static async Task<((int[]? Nodes, string? Refusal)[] Outcomes, int Raced)> TryHoldManyAsync(UnitOfWork uow,
        IReadOnlyList<Terms> bookings, string status, DateTimeOffset? expiresAt)
    {
        var outcomes = new (int[]? Nodes, string? Refusal)[bookings.Count];
        var valid = new List<int>(bookings.Count);
        for (var i = 0; i < bookings.Count; i++)
        {
            if (Invalid(bookings[i]) is { } invalid) outcomes[i] = (null, invalid);
            else valid.Add(i);
        }
        if (valid.Count == 0) return (outcomes, 0);

        // Enough of each booking's free nodes to still have its own after the batch's others on the cluster took theirs.
        var nodesWantedOn = valid.GroupBy(i => bookings[i].ClusterId).ToDictionary(g => g.Key, g => g.Sum(i => bookings[i].NodeCount));
        var looks = (await uow.QueryAsync<(long N, string? Status, DateTimeOffset? AvailableFrom, DateTimeOffset? AvailableUntil, int[] Free)>(
            FreeNodesOfMany, new
            {
                clusters = valid.Select(i => bookings[i].ClusterId).ToArray(),
                // Arrays skip Dapper's per-value handler; timestamptz takes UTC only.
                starts = valid.Select(i => bookings[i].StartsAt.ToUniversalTime()).ToArray(),
                ends = valid.Select(i => bookings[i].EndsAt.ToUniversalTime()).ToArray(),
                wanted = valid.Select(i => nodesWantedOn[bookings[i].ClusterId]).ToArray(),
            })).ToDictionary(l => l.N);

        var chosen = new List<(int Booking, int[] Nodes)>(valid.Count);
        var tooFew = new List<int>();
        for (var k = 0; k < valid.Count; k++)
        {
            var terms = bookings[valid[k]];
            var look = looks[k + 1];
            var given = chosen.Where(c => bookings[c.Booking] is var other && other.ClusterId == terms.ClusterId
                                          && other.StartsAt < terms.EndsAt && terms.StartsAt < other.EndsAt)
                .SelectMany(c => c.Nodes).ToHashSet();
            var free = look.Free.Where(node => !given.Contains(node)).ToList();
            var refusal = Refusal(terms, look.Status, look.AvailableFrom ?? default, look.AvailableUntil ?? default);
            if (refusal is null && free.Count < terms.NodeCount)
            {
                refusal = NotEnoughFree(free.Count, terms.NodeCount);
                tooFew.Add(valid[k]);
            }
            if (refusal is not null) outcomes[valid[k]] = (null, refusal);
            else chosen.Add((valid[k], free.Take(terms.NodeCount).ToArray()));
        }
        if (chosen.Count == 0) return (outcomes, 0);

        // In cluster and node order, so two batches' inserts meet their conflicts in the same order.
        var rows = chosen.SelectMany(c => c.Nodes.Select(node => (Terms: bookings[c.Booking], Node: node)))
            .OrderBy(r => r.Terms.ClusterId).ThenBy(r => r.Node).ThenBy(r => r.Terms.StartsAt).ToList();
        var inserted = (await uow.QueryAsync<(Guid BookingId, int NodeIndex)>(
                """
                insert into node_holds (booking_id, cluster_id, node_index, period, status, expires_at)
                select b, c, n, tstzrange(s, e, '[)'), @status, @expiresAt
                from unnest(@bookings, @clusters, @nodes, @starts, @ends) as r(b, c, n, s, e)
                on conflict do nothing
                returning booking_id, node_index
                """, new
                {
                    bookings = rows.Select(r => r.Terms.BookingId).ToArray(),
                    clusters = rows.Select(r => r.Terms.ClusterId).ToArray(),
                    nodes = rows.Select(r => r.Node).ToArray(),
                    starts = rows.Select(r => r.Terms.StartsAt.ToUniversalTime()).ToArray(),
                    ends = rows.Select(r => r.Terms.EndsAt.ToUniversalTime()).ToArray(),
                    status,
                    expiresAt,
                }))
            .ToLookup(r => r.BookingId, r => r.NodeIndex);
        var racedOn = new HashSet<Guid>();
        foreach (var (i, nodes) in chosen)
        {
            var got = inserted[bookings[i].BookingId].ToList();
            if (got.Count == nodes.Length) { outcomes[i] = ([.. got.Order()], null); continue; }
            // Another transaction took some of them meanwhile: this booking looks for the rest on its own.
            racedOn.Add(bookings[i].ClusterId);
            outcomes[i] = await TryHoldAsync(uow, bookings[i], status, expiresAt, got);
        }
        foreach (var i in tooFew.Where(i => racedOn.Contains(bookings[i].ClusterId)))
            outcomes[i] = await TryHoldAsync(uow, bookings[i], status, expiresAt);
        return (outcomes, chosen.Count(c => inserted[bookings[c.Booking].BookingId].Count() < c.Nodes.Length));
    }

    private static string? Invalid(Terms terms) =>
        terms.EndsAt <= terms.StartsAt || terms.NodeCount < 1 ? "invalid period or node count" : null;

    /// <summary>Why the cluster cannot hold this booking at all (no such cluster, delisted, outside its availability), or null.</summary>
    private static string? Refusal(Terms terms, string? clusterStatus, DateTimeOffset availableFrom, DateTimeOffset availableUntil) =>
        clusterStatus is null ? "no such cluster"
        : clusterStatus != "active" ? "cluster delisted"
        : terms.StartsAt < availableFrom || terms.EndsAt > availableUntil ? "outside the cluster's availability"
        : null;

    private static string NotEnoughFree(int free, int wanted) => $"only {free} of {wanted} nodes free for that period";

    /// <summary>
    /// Each booking's clusters' rows share-locked in id order (a PATCH or delist waits; holds go side by side) and, by the
    /// booking's position (from 1), its cluster's row and its lowest-numbered nodes free for its period, at most @wanted.
    /// </summary>
    private const string FreeNodesOfMany = """
        with c as materialized (
            select id, status, available_from, available_until from clusters where id = any(@clusters) order by id for share),
        i as (select * from unnest(@clusters, @starts, @ends, @wanted) with ordinality as i(cluster_id, starts_at, ends_at, wanted, n))
        select i.n, c.status, c.available_from, c.available_until,
               array(select n.node_index from nodes n
                     where n.cluster_id = i.cluster_id
                       and not exists (select 1 from node_holds h
                                       where h.cluster_id = n.cluster_id and h.node_index = n.node_index
                                         and h.period && tstzrange(i.starts_at, i.ends_at, '[)'))
                     order by n.node_index limit i.wanted) as free
        from i left join c on c.id = i.cluster_id
        """;

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
