namespace Marketplace.Allocation.Matching;

/// <summary>
/// The bids of one market that lost this round, in priority order, as second pricing scans them: once per winner, from
/// the first ranked after it. What the scan checks on every loser is copied into one array of small structs, so a scan
/// over hundreds of losers reads contiguous memory instead of hundreds of bid objects scattered over the heap.
/// </summary>
internal sealed class Competitors
{
    private readonly Loser[] _losers;
    private readonly int[] _everyone;
    // Per restriction class, built when first asked: the positions of the losers that may accept its clusters.
    private readonly int[]?[] _byClass = new int[RestrictionClasses.MaxIds][];

    public Competitors(Market market)
    {
        // A loser too big for every cluster of the market can never be a competitor: left out.
        var largest = 0L;
        foreach (var cluster in market.Clusters)
            if (cluster.IsUsable) largest = Math.Max(largest, (long)cluster.NodeCount * cluster.GpusPerNode);
        var count = 0;
        foreach (var bid in market.Bids)
            if (CanCompete(bid, largest)) count++;
        _losers = new Loser[count];
        count = 0;
        foreach (var bid in market.Bids)
            if (CanCompete(bid, largest)) _losers[count++] = new Loser(bid);
        _everyone = new int[_losers.Length];
        for (var i = 0; i < _everyone.Length; i++) _everyone[i] = i;
    }

    public ref Loser this[int position] => ref _losers[position];

    private static bool CanCompete(BidSlot bid, long largestCluster) =>
        !bid.Won && bid.HasUsableStart && bid.GpuCount <= largestCluster;

    /// <summary>
    /// The positions, in priority order, of the losers whose region and fabric restrictions may accept the cluster.
    /// Where restrictions are common (losers of other regions would be most of a scan) the class gets a list of its
    /// own; where most losers qualify, all of them are scanned and the class bits sort them out, which keeps an
    /// unrestricted market from holding a copy of its losers per class.
    /// </summary>
    public int[] CandidatesFor(ClusterSlot cluster)
    {
        ref var candidates = ref _byClass[cluster.ClassId];
        if (candidates is null)
        {
            var count = 0;
            foreach (ref readonly var loser in _losers.AsSpan())
                if (loser.MayAccept(cluster)) count++;
            if (2 * count >= _losers.Length) candidates = _everyone;
            else
            {
                candidates = new int[count];
                for (int i = 0, k = 0; i < _losers.Length; i++)
                    if (_losers[i].MayAccept(cluster)) candidates[k++] = i;
            }
        }
        return candidates;
    }

    /// <summary>The index in <paramref name="positions"/> of the first loser ranked after <paramref name="rank"/>.</summary>
    public int FirstRankedAfter(int[] positions, int rank)
    {
        int lo = 0, hi = positions.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_losers[positions[mid]].Rank <= rank) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>A losing bid's facts that the scan reads, copied out of its <see cref="BidSlot"/>.</summary>
    internal struct Loser(BidSlot bid)
    {
        // NodesOn caches its last answer, like BidSlot.NodesOn.
        private int _nodesGpusPerNode;
        private int _nodes;

        public BidSlot Bid { get; } = bid;
        public int Rank { get; } = bid.Rank;
        public int Duration { get; } = bid.Duration;
        public int FirstStart { get; } = bid.FirstStart;
        public int LastStart { get; } = bid.LastStart;
        private readonly int _gpuCount = bid.GpuCount;
        private readonly int _clustersBelowLimit = bid.ClustersBelowLimit;
        private readonly ulong _acceptedClasses = bid.AcceptedClasses;

        /// <summary>
        /// False once the limit is at or below the cluster's ask: losers come highest limit first, so from there on none
        /// can raise the price.
        /// </summary>
        public readonly bool LimitAboveAskOf(ClusterSlot cluster) => cluster.Index < _clustersBelowLimit;

        /// <summary>False when its region or fabric restrictions rule the cluster out; true is only a maybe.</summary>
        public readonly bool MayAccept(ClusterSlot cluster) => (_acceptedClasses & cluster.ClassBit) != 0;

        public int NodesOn(ClusterSlot cluster)
        {
            var perNode = cluster.GpusPerNode;
            if (perNode != _nodesGpusPerNode)
            {
                _nodes = _gpuCount <= 0 || perNode <= 0 ? 0 : (_gpuCount - 1) / perNode + 1;
                _nodesGpusPerNode = perNode;
            }
            return _nodes;
        }

        public readonly int FirstStartOn(ClusterSlot cluster) => Math.Max(FirstStart, cluster.FirstHour);

        public readonly int LastStartOn(ClusterSlot cluster) => Math.Min(LastStart, cluster.EndHour - Duration);
    }
}
