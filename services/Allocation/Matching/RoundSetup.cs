namespace Marketplace.Allocation.Matching;

/// <summary>The round's working set: bids in priority order and, per GPU model, a market of its clusters.</summary>
internal sealed class RoundSetup
{
    private RoundSetup(BidSlot[] bids) => Bids = bids;

    /// <summary>Bids in priority order; a bid's index is its rank.</summary>
    public BidSlot[] Bids { get; }

    /// <summary>Markets in the order of their best-ranked bid, so iterating them is as deterministic as the bids.</summary>
    public List<Market> Markets { get; } = [];

    public static RoundSetup Build(RoundInput input, HourGrid grid)
    {
        var regionIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cluster in input.Clusters) regionIds.TryAdd(cluster.Region, regionIds.Count);

        var order = BidPriority.Order(input.Bids);
        var bids = new BidSlot[order.Length];
        for (var rank = 0; rank < bids.Length; rank++)
        {
            var bid = input.Bids[order[rank]];
            bids[rank] = new BidSlot(bid, grid, RegionIdsOf(bid, regionIds));
        }

        var round = new RoundSetup(bids);
        var byModel = new Dictionary<string, Market>(StringComparer.Ordinal);
        for (var rank = 0; rank < bids.Length; rank++)
        {
            var bid = bids[rank];
            bid.Rank = rank;
            if (!byModel.TryGetValue(bid.Source.GpuModel, out var market))
            {
                market = new Market(bid.Source.GpuModel);
                byModel.Add(market.GpuModel, market);
                round.Markets.Add(market);
            }
            market.AddBid(bid);
        }

        // A cluster no bid asks for has nothing to do this round.
        foreach (var cluster in input.Clusters)
            if (byModel.TryGetValue(cluster.GpuModel, out var market))
                market.AddCluster(new ClusterSlot(cluster, grid, regionIds[cluster.Region], market.HorizonEnd));
        foreach (var market in round.Markets) market.SortClusters();
        return round;
    }

    // A region no cluster is in gets id -1, which matches nothing; an empty list means any region.
    private static int[]? RegionIdsOf(OpenBid bid, Dictionary<string, int> regionIds)
    {
        if (bid.Regions.Count == 0) return null;
        var ids = new int[bid.Regions.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = regionIds.GetValueOrDefault(bid.Regions[i], -1);
        return ids;
    }
}
