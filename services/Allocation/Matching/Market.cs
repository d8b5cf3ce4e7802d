namespace Marketplace.Allocation.Matching;

/// <summary>
/// The clusters and bids of one GPU model. Models never share capacity, so each market clears on its own and a bid
/// only ever looks at the clusters of its model.
/// </summary>
internal sealed class Market(string gpuModel)
{
    public string GpuModel { get; } = gpuModel;

    /// <summary>Cheapest first, then smallest, then by id: the order in which a bid prefers them.</summary>
    public List<ClusterSlot> Clusters { get; } = [];

    /// <summary>In priority order.</summary>
    public List<BidSlot> Bids { get; } = [];

    public LosingBids Losers { get; } = new();

    /// <summary>No bid of this market can use an hour at or after this one.</summary>
    public int HorizonEnd { get; private set; }

    public void AddBid(BidSlot bid)
    {
        Bids.Add(bid);
        if (bid.HasUsableStart) HorizonEnd = Math.Max(HorizonEnd, bid.LastStart + bid.Duration);
    }

    /// <summary>Puts the clusters in preference order, then tells each bid how far into it its limit reaches.</summary>
    public void SortClusters()
    {
        Clusters.Sort(static (a, b) =>
        {
            var byAsk = a.Ask.CompareTo(b.Ask);
            if (byAsk != 0) return byAsk;
            var bySize = a.TotalGpus.CompareTo(b.TotalGpus);
            return bySize != 0 ? bySize : a.Source.ClusterId.CompareTo(b.Source.ClusterId);
        });
        for (var i = 0; i < Clusters.Count; i++) Clusters[i].Index = i;
        foreach (var bid in Bids) bid.AffordableClusters = CountAskingAtMost(bid.Limit);
    }

    private int CountAskingAtMost(decimal limit)
    {
        int lo = 0, hi = Clusters.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Clusters[mid].Ask <= limit) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
