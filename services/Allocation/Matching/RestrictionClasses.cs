namespace Marketplace.Allocation.Matching;

/// <summary>
/// A market's clusters grouped by what a bid can restrict (region, fabric kind, fabric speed), so that "does this bid
/// accept clusters of that group" is one bit test. Second pricing tries every loser ranked after each winner, and in a
/// market with region and fabric restrictions most of them are rejected here without reading the bid.
/// </summary>
/// <remarks>
/// Only a filter: a bit set does not mean the cluster fits, the full check follows. Groups past the 63rd share bit 63,
/// which every bid accepts, so a market with more groups than bits is filtered less, never wrongly.
/// </remarks>
internal sealed class RestrictionClasses
{
    private const int SharedBit = 63;

    private readonly Dictionary<(int Region, int FabricRank, int Gbps), int> _ids = [];
    private readonly List<(int Region, int FabricRank, int Gbps)> _classes = [];

    /// <summary>The bit of the cluster's group; groups are numbered in the order they are first seen.</summary>
    public ulong BitOf(ClusterSlot cluster)
    {
        var key = (cluster.RegionId, cluster.FabricRank, cluster.GbpsPerNode);
        if (!_ids.TryGetValue(key, out var id))
        {
            id = Math.Min(_classes.Count, SharedBit);
            _ids.Add(key, id);
            if (id < SharedBit) _classes.Add(key);
        }
        return 1UL << id;
    }

    /// <summary>The bits of the groups whose clusters the bid's region and fabric restrictions accept.</summary>
    public ulong AcceptedBy(BidSlot bid)
    {
        if (bid.RegionIds is null && bid.MinFabricRank == BidSlot.NoMinimum && bid.MinGbpsPerNode == BidSlot.NoMinimum)
            return ulong.MaxValue;
        var accepted = 1UL << SharedBit;
        for (var id = 0; id < _classes.Count; id++)
        {
            var (region, fabricRank, gbps) = _classes[id];
            if (fabricRank >= bid.MinFabricRank && gbps >= bid.MinGbpsPerNode
                && (bid.RegionIds is null || Array.IndexOf(bid.RegionIds, region) >= 0))
                accepted |= 1UL << id;
        }
        return accepted;
    }
}
