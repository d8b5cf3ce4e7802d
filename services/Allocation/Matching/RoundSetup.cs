namespace Marketplace.Allocation.Matching;

/// <summary>The round's working set: bids in priority order and, per GPU model, a market of its clusters.</summary>
internal sealed class RoundSetup
{
    private readonly Dictionary<string, Market> _byModel = new(StringComparer.Ordinal);

    private RoundSetup(List<BidSlot> bids) => Bids = bids;

    /// <summary>Bids in priority order; a bid's index is its rank.</summary>
    public List<BidSlot> Bids { get; }

    /// <summary>Markets in the order of their best-ranked bid, so iterating them is as deterministic as the bids.</summary>
    public List<Market> Markets { get; } = [];

    public Market? MarketFor(BidSlot bid) => _byModel.GetValueOrDefault(bid.Source.GpuModel);

    public static RoundSetup Build(RoundInput input, HourGrid grid)
    {
        var regionIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cluster in input.Clusters) regionIds.TryAdd(cluster.Region, regionIds.Count);

        var ranked = input.Bids.Order(BidPriority.Instance).ToList();
        var round = new RoundSetup([.. ranked.Select(bid => new BidSlot(bid, grid, RegionIdsOf(bid, regionIds)))]);
        for (var rank = 0; rank < round.Bids.Count; rank++)
        {
            var bid = round.Bids[rank];
            bid.Rank = rank;
            if (!round._byModel.TryGetValue(bid.Source.GpuModel, out var market))
            {
                market = new Market(bid.Source.GpuModel);
                round._byModel.Add(market.GpuModel, market);
                round.Markets.Add(market);
            }
            market.AddBid(bid);
        }

        // A cluster no bid asks for has nothing to do this round.
        foreach (var cluster in input.Clusters)
            if (round._byModel.TryGetValue(cluster.GpuModel, out var market))
                market.Clusters.Add(new ClusterSlot(cluster, grid, regionIds[cluster.Region], market.HorizonEnd));
        foreach (var market in round.Markets) market.SortClusters();
        return round;
    }

    // A region no cluster is in gets id -1, which matches nothing; an empty list means any region.
    private static int[]? RegionIdsOf(OpenBid bid, Dictionary<string, int> regionIds) => bid.Regions.Count == 0
        ? null
        : [.. bid.Regions.Select(r => regionIds.GetValueOrDefault(r, -1))];
}
