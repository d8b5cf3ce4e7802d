using Marketplace.Hosting.Database;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// Where an incremental read resumes. Rows carry changed_xid, the transaction that last wrote them (migrations 0004
/// and 0005). Read before the rows, the oldest transaction still running (the snapshot's xmin) bounds every change
/// the read cannot see yet: the next read asks for changed_xid at or above it, however late those transactions commit.
/// Rows at or above it that this read did see come again next time, which is harmless (the caches upsert).
/// </summary>
internal static class ChangeWatermark
{
    /// <summary>
    /// The condition of a read: <paramref name="whole"/> the first time, then the rows changed since the watermark
    /// (parameter <c>@since</c>). Two statements, not "(@since is null or changed_xid >= @since)": statements are
    /// auto-prepared, and the generic plan PostgreSQL settles on for that form cannot seek the change index, so every
    /// round read every row its model ever had (77 ms a round at 35,000 bids, and growing with history).
    /// </summary>
    public static string Rows(bool incremental, string whole) => incremental ? "changed_xid >= @since::xid8" : whole;

    public static Task<string> ReadAsync(UnitOfWork uow) => uow.QuerySingleAsync<string>("select pg_snapshot_xmin(pg_current_snapshot())::text");
}
