namespace Marketplace.Domain;

/// <summary>Nodes of one cluster a booking occupies over a period.</summary>
public readonly record struct BookingSegment(Guid ClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public decimal NodeHours => EndsAt <= StartsAt ? 0 : NodeCount * (decimal)(EndsAt - StartsAt).Ticks / TimeSpan.TicksPerHour;
}

/// <summary>An outage's change to a booking, as far as where its nodes are goes (API.md "changes").</summary>
public readonly record struct SegmentChange(string Kind, Guid ClusterId, Guid? FromClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// Where a booking's nodes are over its life, from its placement and the changes outages made: allocation's rounds count
/// this as occupied, and reconciliation expects inventory to hold exactly this many node-hours on each cluster. One rule,
/// used by both.
/// <list type="bullet">
/// <item>credited: <c>NodeCount</c> nodes of <c>ClusterId</c> are gone over the period (the booking keeps the rest);</item>
/// <item>moved within a cluster (<c>FromClusterId</c> = <c>ClusterId</c>): other nodes of it took over, the count is unchanged;</item>
/// <item>moved to another cluster: over the period the booking has nothing on <c>FromClusterId</c> and <c>NodeCount</c> nodes on <c>ClusterId</c>.</item>
/// </list>
/// </summary>
public static class BookingSegments
{
    public const string Moved = "moved";
    public const string Credited = "credited";

    public static IReadOnlyList<BookingSegment> Of(Guid clusterId, int nodeCount, DateTimeOffset startsAt, DateTimeOffset endsAt,
        IEnumerable<SegmentChange>? changes, DateTimeOffset? releasedFrom = null)
    {
        var segments = new List<BookingSegment> { new(clusterId, nodeCount, startsAt, endsAt) };
        foreach (var c in changes ?? [])
        {
            if (c.Kind == Moved && c.FromClusterId == c.ClusterId) continue;
            var on = c.Kind == Credited ? c.ClusterId : c.FromClusterId ?? clusterId;
            var next = new List<BookingSegment>(segments.Count + 2);
            foreach (var s in segments)
            {
                if (s.ClusterId != on || s.EndsAt <= c.StartsAt || s.StartsAt >= c.EndsAt) { next.Add(s); continue; }
                if (s.StartsAt < c.StartsAt) next.Add(s with { EndsAt = c.StartsAt });
                var inside = s with { StartsAt = Max(s.StartsAt, c.StartsAt), EndsAt = Min(s.EndsAt, c.EndsAt) };
                if (c.Kind == Credited) next.Add(inside with { NodeCount = Math.Max(0, s.NodeCount - c.NodeCount) });
                if (s.EndsAt > c.EndsAt) next.Add(s with { StartsAt = c.EndsAt });
            }
            if (c.Kind == Moved) next.Add(new(c.ClusterId, c.NodeCount, c.StartsAt, c.EndsAt));
            segments = next;
        }
        if (releasedFrom is { } cut)
            segments = segments.Where(s => s.StartsAt < cut).Select(s => s with { EndsAt = Min(s.EndsAt, cut) }).ToList();
        return segments.Where(s => s.NodeCount > 0 && s.EndsAt > s.StartsAt).OrderBy(s => s.StartsAt).ThenBy(s => s.ClusterId).ToList();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
