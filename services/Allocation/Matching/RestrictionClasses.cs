namespace Marketplace.Allocation.Matching;

/// <summary>
/// A market's clusters grouped by what a bid can restrict (region, fabric kind, fabric speed), so that "does this bid
/// accept clusters of that group" is one bit test. Placement and second pricing try many (bid, cluster) pairs that a
/// region or fabric restriction rules out; with the bits they are passed over without reading the bid's lists.
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
    // Per region id: the bits of the groups in that region (the shared bit aside).
    private ulong[] _byRegion = [];
    private readonly Dictionary<(int MinRank, int MinGbps), ulong> _byFabricMinimum = [];

    /// <summary>How many ids <see cref="IdOf"/> can give: 0 to 63.</summary>
    public const int MaxIds = SharedBit + 1;

    /// <summary>The id of the cluster's group, from 0 in the order groups are first seen; its bit is 1 &lt;&lt; id.</summary>
    public int IdOf(ClusterSlot cluster)
    {
        var key = (cluster.RegionId, cluster.FabricRank, cluster.GbpsPerNode);
        if (!_ids.TryGetValue(key, out var id))
        {
            id = Math.Min(_classes.Count, SharedBit);
            _ids.Add(key, id);
            if (id < SharedBit)
            {
                _classes.Add(key);
                if (key.RegionId >= _byRegion.Length) Array.Resize(ref _byRegion, key.RegionId + 1);
                _byRegion[key.RegionId] |= 1UL << id;
            }
        }
        return id;
    }

    /// <summary>The bits of the groups whose clusters the bid's region and fabric restrictions accept.</summary>
    public ulong AcceptedBy(BidSlot bid)
    {
        var regions = ulong.MaxValue;
        if (bid.RegionIds is not null)
        {
            regions = 0;
            foreach (var region in bid.RegionIds)
                if (region >= 0 && region < _byRegion.Length) regions |= _byRegion[region];
        }
        var fabrics = ulong.MaxValue;
        if (bid.MinFabricRank != BidSlot.NoMinimum || bid.MinGbpsPerNode != BidSlot.NoMinimum)
            fabrics = FabricsAccepting(bid.MinFabricRank, bid.MinGbpsPerNode);
        return (regions & fabrics) | 1UL << SharedBit;
    }

    // Bids name few distinct fabric minimums, so each one's bits are worked out once.
    private ulong FabricsAccepting(int minRank, int minGbps)
    {
        if (_byFabricMinimum.TryGetValue((minRank, minGbps), out var bits)) return bits;
        for (var id = 0; id < _classes.Count; id++)
            if (_classes[id].FabricRank >= minRank && _classes[id].Gbps >= minGbps) bits |= 1UL << id;
        _byFabricMinimum.Add((minRank, minGbps), bits);
        return bits;
    }
}
