using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Bookings;

/// <summary>
/// Holds inventory refused, remembered for a while (table <c>hold_refusals</c>, ADR 0009). Rounds count free nodes per
/// hour; inventory holds a booking on the same nodes for its whole period. After outages and cancellations a cluster can
/// have holes on different nodes at consecutive hours (node 5 free 19–21, node 7 free 21–23) that the counts show as one
/// node free 19–23; inventory rightly refuses a hold there, and without a memory every following round would offer the
/// same hole to the next bid. While remembered, a refused hold's nodes and hours count as taken on its cluster
/// (<see cref="Rounds.OccupancyCache"/>), so rounds and quotes place bids elsewhere.
/// </summary>
public static class HoldRefusals
{
    /// <summary>
    /// Long enough for the next rounds to place bids elsewhere; short enough that hours the refusal over-blocks (the
    /// part of the hole that does have free nodes) come back soon, and that a cluster whose bookings changed is tried
    /// again. A hole that lasts costs one refused hold per this long, not one per bid.
    /// </summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    /// <summary>Remembers the refused holds of these bookings and forgets those past their time, in one statement.</summary>
    public static Task RememberAsync(UnitOfWork uow, IReadOnlyList<BookingRow> refused, DateTimeOffset now) =>
        refused.Count == 0 ? Task.CompletedTask : uow.ExecuteAsync(
            """
            with forgotten as (delete from hold_refusals where remembered_until <= @now)
            insert into hold_refusals (booking_id, cluster_id, gpu_model, starts_at, ends_at, node_count, remembered_until)
            select id, cluster_id, gpu_model, starts_at, ends_at, node_count, @until
            from unnest(@ids, @clusters, @models, @starts, @ends, @nodes) as r(id, cluster_id, gpu_model, starts_at, ends_at, node_count)
            on conflict (booking_id) do nothing
            """,
            new
            {
                now, until = now + Remembered,
                ids = refused.Select(b => b.Id).ToArray(),
                clusters = refused.Select(b => b.ClusterId).ToArray(),
                models = refused.Select(b => b.GpuModel).ToArray(),
                starts = refused.Select(b => b.StartsAt).ToArray(),
                ends = refused.Select(b => b.EndsAt).ToArray(),
                nodes = refused.Select(b => b.NodeCount).ToArray(),
            });

    /// <summary>The remembered refusals of a market, as occupancy: (cluster, from, to, nodes).</summary>
    public const string OccupancySql =
        "select cluster_id, starts_at, ends_at, node_count from hold_refusals where gpu_model = @gpuModel and remembered_until > @now";
}
