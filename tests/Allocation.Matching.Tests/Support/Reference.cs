using Marketplace.Domain;

namespace Marketplace.Allocation.Matching.Tests.Support;

/// <summary>
/// The market rules written the slow, obvious way (every cluster, every start, every hour) to check the engine against.
/// A booking or placement holds every hour it touches, even partly.
/// </summary>
public static class Reference
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    public static IEnumerable<DateTimeOffset> UsableStarts(OpenBid bid, DateTimeOffset now)
    {
        var first = Hours.CeilingHour(bid.EarliestStart > now ? bid.EarliestStart : now);
        for (var start = first; start <= bid.LatestStart; start += OneHour) yield return start;
    }

    public static int NodesNeeded(OpenBid bid, ClusterCapacity cluster) => (bid.GpuCount + cluster.GpusPerNode - 1) / cluster.GpusPerNode;

    /// <summary>Everything but time and capacity: model, region, fabric, price, size.</summary>
    public static bool Matches(OpenBid bid, ClusterCapacity cluster) =>
        cluster.GpuModel == bid.GpuModel
        && (bid.Regions.Count == 0 || bid.Regions.Contains(cluster.Region))
        && (bid.InterconnectKind is null || Interconnects.Rank(cluster.InterconnectKind) >= Interconnects.Rank(bid.InterconnectKind))
        && (bid.MinGbpsPerNode is null || cluster.GbpsPerNode >= bid.MinGbpsPerNode)
        && cluster.AskPricePerGpuHour <= bid.MaxPricePerGpuHour
        && NodesNeeded(bid, cluster) <= cluster.NodeCount;

    public static int NodesUsed(ClusterCapacity cluster, IEnumerable<Placement> placements, DateTimeOffset hour) =>
        cluster.Occupied.Where(o => Touches(o.StartsAt, o.EndsAt, hour)).Sum(o => o.NodeCount)
        + placements.Where(p => p.ClusterId == cluster.ClusterId && Touches(p.StartsAt, p.EndsAt, hour)).Sum(p => p.NodeCount);

    /// <summary>Could the bid start at <paramref name="start"/> on the cluster, given its bookings and these placements?</summary>
    public static bool Fits(OpenBid bid, ClusterCapacity cluster, DateTimeOffset start, IReadOnlyList<Placement> placements)
    {
        var end = start.AddHours(bid.DurationHours);
        if (start < cluster.AvailableFrom || end > cluster.AvailableUntil) return false;
        var nodes = NodesNeeded(bid, cluster);
        for (var hour = start; hour < end; hour += OneHour)
            if (NodesUsed(cluster, placements, hour) + nodes > cluster.NodeCount) return false;
        return true;
    }

    public static IEnumerable<(ClusterCapacity Cluster, DateTimeOffset Start)> FeasiblePlacements(
        OpenBid bid, RoundInput input, IReadOnlyList<Placement> placements) =>
        from cluster in input.Clusters
        where Matches(bid, cluster)
        from start in UsableStarts(bid, input.Now)
        where Fits(bid, cluster, start, placements)
        select (cluster, start);

    /// <summary>The preferred placement: lowest ask, earliest start, smallest cluster, lowest cluster id.</summary>
    public static (ClusterCapacity Cluster, DateTimeOffset Start)? BestPlacement(OpenBid bid, RoundInput input, IReadOnlyList<Placement> placements) =>
        FeasiblePlacements(bid, input, placements)
            .OrderBy(p => p.Cluster.AskPricePerGpuHour).ThenBy(p => p.Start)
            .ThenBy(p => p.Cluster.NodeCount * p.Cluster.GpusPerNode).ThenBy(p => p.Cluster.ClusterId)
            .Cast<(ClusterCapacity, DateTimeOffset)?>().FirstOrDefault();

    /// <summary>
    /// max(ask, highest limit of a loser that could have been placed on the winner's cluster in an overlapping period
    /// had the winner not been there), capped at the winner's limit; the setter is the first such loser by priority.
    /// </summary>
    public static (decimal Price, Guid? SetBy) SecondPrice(OpenBid winner, Placement placement, RoundInput input, RoundResult result)
    {
        var cluster = input.Clusters.Single(c => c.ClusterId == placement.ClusterId);
        var others = result.Decisions.Where(d => d.BidId != winner.BidId && d.Placement is not null).Select(d => d.Placement!).ToList();
        var bidsById = input.Bids.ToDictionary(b => b.BidId);
        var competitor = result.Decisions.Where(d => !d.Won).Select(d => bidsById[d.BidId])
            .Where(loser => Matches(loser, cluster) && UsableStarts(loser, input.Now).Any(start =>
                start < placement.EndsAt && start.AddHours(loser.DurationHours) > placement.StartsAt && Fits(loser, cluster, start, others)))
            .OrderByDescending(loser => loser.MaxPricePerGpuHour)
            .FirstOrDefault();
        if (competitor is null || competitor.MaxPricePerGpuHour <= cluster.AskPricePerGpuHour)
            return (Money.Round(Math.Min(cluster.AskPricePerGpuHour, winner.MaxPricePerGpuHour)), null);
        return (Money.Round(Math.Min(competitor.MaxPricePerGpuHour, winner.MaxPricePerGpuHour)), competitor.BidId);
    }

    /// <summary>Would this booking fit beside the cluster's existing ones without exceeding its nodes in any hour?</summary>
    public static bool FitsBookings(ClusterCapacity cluster, Occupancy booking)
    {
        for (var hour = Hours.FloorHour(booking.StartsAt); hour < booking.EndsAt; hour += OneHour)
            if (NodesUsed(cluster, [], hour) + booking.NodeCount > cluster.NodeCount) return false;
        return true;
    }

    private static bool Touches(DateTimeOffset from, DateTimeOffset to, DateTimeOffset hour) => from < hour + OneHour && to > hour;
}
