using Marketplace.Domain;

namespace Marketplace.Allocation.Matching.Tests.Support;

/// <summary>
/// The properties every round must have, whatever its input. Each returns the violations it finds, worded so that
/// a failing seed can be understood from the test output alone.
/// </summary>
public static class RoundInvariants
{
    public static IEnumerable<string> All(RoundInput input, RoundResult result) =>
        OneDecisionPerBid(input, result)
            .Concat(PriorityOrder(input, result))
            .Concat(NoClusterOverCapacity(input, result))
            .Concat(PlacementsRespectTheBid(input, result))
            .Concat(PlacementsRespectTheCluster(input, result))
            .Concat(PricesWithinAskAndLimit(input, result));

    public static IEnumerable<string> OneDecisionPerBid(RoundInput input, RoundResult result)
    {
        if (result.Decisions.Count != input.Bids.Count) yield return $"{result.Decisions.Count} decisions for {input.Bids.Count} bids";
        var decisionsPerBid = result.Decisions.CountBy(d => d.BidId).ToDictionary();
        foreach (var bid in input.Bids)
        {
            var count = decisionsPerBid.GetValueOrDefault(bid.BidId);
            if (count != 1) yield return $"bid {bid.BidId} has {count} decisions";
        }
        foreach (var decision in result.Decisions)
            if (string.IsNullOrWhiteSpace(decision.Reason)) yield return $"bid {decision.BidId} has no reason";
    }

    public static IEnumerable<string> PriorityOrder(RoundInput input, RoundResult result)
    {
        var expected = input.Bids.OrderByDescending(b => b.MaxPricePerGpuHour).ThenBy(b => b.PlacedAt).ThenBy(b => b.BidId).Select(b => b.BidId).ToList();
        for (var i = 0; i < result.Decisions.Count; i++)
        {
            if (result.Decisions[i].Rank != i) yield return $"decision {i} has rank {result.Decisions[i].Rank}";
            if (i < expected.Count && result.Decisions[i].BidId != expected[i]) yield return $"rank {i} is bid {result.Decisions[i].BidId}, expected {expected[i]}";
        }
    }

    /// <summary>In no hour does a cluster hold more nodes than it has: existing bookings plus this round's placements.</summary>
    public static IEnumerable<string> NoClusterOverCapacity(RoundInput input, RoundResult result)
    {
        var placementsByCluster = result.Decisions.Where(d => d.Won).Select(d => d.Placement!).ToLookup(p => p.ClusterId);
        foreach (var cluster in input.Clusters)
        {
            var used = new Dictionary<DateTimeOffset, int>();
            foreach (var booking in cluster.Occupied) AddHours(used, booking.StartsAt, booking.EndsAt, booking.NodeCount);
            foreach (var placement in placementsByCluster[cluster.ClusterId]) AddHours(used, placement.StartsAt, placement.EndsAt, placement.NodeCount);
            foreach (var (hour, nodes) in used)
                if (nodes > cluster.NodeCount) yield return $"cluster {cluster.ClusterId} holds {nodes} of {cluster.NodeCount} nodes at {hour:u}";
        }
    }

    public static IEnumerable<string> PlacementsRespectTheBid(RoundInput input, RoundResult result)
    {
        var bids = input.Bids.ToDictionary(b => b.BidId);
        foreach (var decision in result.Decisions.Where(d => d.Won))
        {
            var (bid, p) = (bids[decision.BidId], decision.Placement!);
            if (p.EndsAt - p.StartsAt != TimeSpan.FromHours(bid.DurationHours)) yield return $"bid {bid.BidId} got {p.EndsAt - p.StartsAt}, asked {bid.DurationHours} h";
            if (!Hours.IsWholeHour(p.StartsAt)) yield return $"bid {bid.BidId} starts off the hour at {p.StartsAt:o}";
            if (p.StartsAt < bid.EarliestStart || p.StartsAt > bid.LatestStart) yield return $"bid {bid.BidId} starts at {p.StartsAt:u}, outside its window";
            if (p.StartsAt < input.Now) yield return $"bid {bid.BidId} starts at {p.StartsAt:u}, before now";
            if (p.GpuCount < bid.GpuCount) yield return $"bid {bid.BidId} got {p.GpuCount} of {bid.GpuCount} GPUs";
        }
    }

    public static IEnumerable<string> PlacementsRespectTheCluster(RoundInput input, RoundResult result)
    {
        var bids = input.Bids.ToDictionary(b => b.BidId);
        var clusters = input.Clusters.ToDictionary(c => c.ClusterId);
        foreach (var decision in result.Decisions.Where(d => d.Won))
        {
            var (bid, p) = (bids[decision.BidId], decision.Placement!);
            if (!clusters.TryGetValue(p.ClusterId, out var cluster))
            {
                yield return $"bid {bid.BidId} placed on unknown cluster {p.ClusterId}";
                continue;
            }
            if (!Reference.Matches(bid, cluster)) yield return $"bid {bid.BidId} placed on cluster {cluster.ClusterId} whose model, region, fabric, ask or size does not match";
            if (p.StartsAt < cluster.AvailableFrom || p.EndsAt > cluster.AvailableUntil) yield return $"bid {bid.BidId} placed outside cluster {cluster.ClusterId}'s availability";
            if (p.NodeCount != Reference.NodesNeeded(bid, cluster) || p.GpuCount != p.NodeCount * cluster.GpusPerNode)
                yield return $"bid {bid.BidId} got {p.NodeCount} nodes / {p.GpuCount} GPUs on cluster {cluster.ClusterId}, not the whole nodes it needs";
        }
    }

    public static IEnumerable<string> PricesWithinAskAndLimit(RoundInput input, RoundResult result)
    {
        var bids = input.Bids.ToDictionary(b => b.BidId);
        var clusters = input.Clusters.ToDictionary(c => c.ClusterId);
        var losers = result.Decisions.Where(d => !d.Won).Select(d => d.BidId).ToHashSet();
        foreach (var decision in result.Decisions.Where(d => d.Won))
        {
            var (bid, p) = (bids[decision.BidId], decision.Placement!);
            var ask = clusters[p.ClusterId].AskPricePerGpuHour;
            if (p.PricePerGpuHour < ask || p.PricePerGpuHour > bid.MaxPricePerGpuHour)
                yield return $"bid {bid.BidId} pays {p.PricePerGpuHour}, outside ask {ask} .. limit {bid.MaxPricePerGpuHour}";
            if (!Money.HasAtMostScale(p.PricePerGpuHour)) yield return $"bid {bid.BidId} pays {p.PricePerGpuHour}, more than 4 decimals";
            if (p.PriceSetBy is { } setBy && (!losers.Contains(setBy) || bids[setBy].MaxPricePerGpuHour <= ask))
                yield return $"bid {bid.BidId}'s price is set by {setBy}, which is not a loser above the ask";
        }
    }

    private static void AddHours(Dictionary<DateTimeOffset, int> used, DateTimeOffset from, DateTimeOffset to, int nodes)
    {
        for (var hour = Hours.FloorHour(from); hour < to; hour = hour.AddHours(1))
            used[hour] = used.GetValueOrDefault(hour) + nodes;
    }
}
