namespace Marketplace.Allocation.Matching;

/// <summary>
/// The clusters and bids of one GPU model. Models never share capacity, so each market clears on its own and a bid
/// only ever looks at the clusters of its model.
/// </summary>
internal sealed class Market(string gpuModel)
{
    private readonly List<ClusterSlot> _unsorted = [];

    public string GpuModel { get; } = gpuModel;

    /// <summary>Cheapest first, then smallest, then by id: the order in which a bid prefers them. Set by <see cref="SortClusters"/>.</summary>
    public ClusterSlot[] Clusters { get; private set; } = [];

    /// <summary>In priority order.</summary>
    public List<BidSlot> Bids { get; } = [];

    public LosingBids Losers { get; } = new();

    public RestrictionClasses Classes { get; } = new();

    /// <summary>No bid of this market can use an hour at or after this one.</summary>
    public int HorizonEnd { get; private set; }

    public void AddBid(BidSlot bid)
    {
        Bids.Add(bid);
        bid.Market = this;
        if (bid.HasUsableStart) HorizonEnd = Math.Max(HorizonEnd, bid.LastStart + bid.Duration);
    }

    public void AddCluster(ClusterSlot cluster) => _unsorted.Add(cluster);

    /// <summary>
    /// Puts the clusters in preference order and into restriction classes, then tells each bid how far into that order
    /// its limit reaches and which classes its restrictions accept.
    /// </summary>
    public void SortClusters()
    {
        var clusters = _unsorted.ToArray();
        Array.Sort(clusters, static (a, b) =>
        {
            var byAsk = a.Ask.CompareTo(b.Ask);
            if (byAsk != 0) return byAsk;
            var bySize = a.TotalGpus.CompareTo(b.TotalGpus);
            return bySize != 0 ? bySize : a.Source.ClusterId.CompareTo(b.Source.ClusterId);
        });
        for (var i = 0; i < clusters.Length; i++)
        {
            clusters[i].Index = i;
            clusters[i].SetClass(Classes.IdOf(clusters[i]));
            clusters[i].AskLevel = i == 0 ? 0 : clusters[i - 1].AskLevel + (clusters[i].Ask != clusters[i - 1].Ask ? 1 : 0);
        }
        Clusters = clusters;
        foreach (var bid in Bids) bid.AcceptedClasses = Classes.AcceptedBy(bid);

        // Bids come highest limit first, so the number of clusters a limit reaches only shrinks: one walk back from the
        // dearest cluster serves them all.
        int atMost = clusters.Length, below = clusters.Length;
        foreach (var bid in Bids)
        {
            while (atMost > 0 && clusters[atMost - 1].Ask > bid.Limit) atMost--;
            while (below > 0 && clusters[below - 1].Ask >= bid.Limit) below--;
            bid.AffordableClusters = atMost;
            bid.ClustersBelowLimit = below;
        }
    }
}
