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
    public static Task<string> ReadAsync(UnitOfWork uow) => uow.QuerySingleAsync<string>("select pg_snapshot_xmin(pg_current_snapshot())::text");
}
