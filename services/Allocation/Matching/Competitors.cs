namespace Marketplace.Allocation.Matching;

/// <summary>
/// The bids of one market that lost this round, in priority order, as second pricing scans them: once per winner, from
/// the first ranked after it. What rejects most of them (rank, limit, region and fabric) sits in flat arrays beside
/// them, so a scan passes over most losers without reading the bids themselves.
/// </summary>
internal sealed class Competitors
{
    private readonly BidSlot[] _losers;
    private readonly int[] _ranks;
    private readonly int[] _clustersBelowLimit;
    private readonly ulong[] _acceptedClasses;

    public Competitors(Market market)
    {
        // A loser too big for every cluster of the market can never be a competitor: left out.
        var largest = 0L;
        foreach (var cluster in market.Clusters)
            if (cluster.IsUsable) largest = Math.Max(largest, (long)cluster.NodeCount * cluster.GpusPerNode);
        var losers = new List<BidSlot>();
        foreach (var bid in market.Bids)
            if (!bid.Won && bid.HasUsableStart && bid.GpuCount <= largest) losers.Add(bid);

        _losers = [.. losers];
        _ranks = new int[_losers.Length];
        _clustersBelowLimit = new int[_losers.Length];
        _acceptedClasses = new ulong[_losers.Length];
        for (var i = 0; i < _losers.Length; i++)
        {
            _ranks[i] = _losers[i].Rank;
            _clustersBelowLimit[i] = _losers[i].ClustersBelowLimit;
            _acceptedClasses[i] = _losers[i].AcceptedClasses;
        }
    }

    public int Count => _losers.Length;

    public BidSlot this[int index] => _losers[index];

    /// <summary>The index of the first loser ranked after <paramref name="rank"/>.</summary>
    public int FirstRankedAfter(int rank)
    {
        int lo = 0, hi = _ranks.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranks[mid] <= rank) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// False once the loser's limit is at or below the cluster's ask: losers come highest limit first, so from there
    /// on none can raise the price.
    /// </summary>
    public bool LimitAboveAskOf(int index, ClusterSlot cluster) => cluster.Index < _clustersBelowLimit[index];

    /// <summary>False when the loser's region or fabric restrictions rule the cluster out; true is only a maybe.</summary>
    public bool MayAccept(int index, ClusterSlot cluster) => (_acceptedClasses[index] & cluster.ClassBit) != 0;
}
