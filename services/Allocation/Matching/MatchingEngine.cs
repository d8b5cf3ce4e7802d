namespace Marketplace.Allocation.Matching;

/// <summary>
/// Clears one round of the market: price-time priority, each bid takes its best feasible placement given what is
/// booked and what was placed before it this round, and winners pay a second price. Pure and deterministic: the
/// result depends only on the input (time is <see cref="RoundInput.Now"/>), never on the order of its lists.
/// </summary>
public static class MatchingEngine
{
    /// <exception cref="ArgumentException">Two bids or two clusters share an id.</exception>
    public static RoundResult Clear(RoundInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireUniqueIds(input);
        var grid = HourGrid.StartingAfter(input.Now);
        var round = RoundSetup.Build(input, grid);

        foreach (var bid in round.Bids)
            if (bid.HasUsableStart && round.MarketFor(bid) is { } market && !market.Losers.AnyDominates(bid)
                && !PlacementSearch.TryPlace(bid, market.Clusters))
                market.Losers.Add(bid);

        // Prices depend on the round's final occupancy, so they come after every bid has been placed.
        foreach (var market in round.Markets) SecondPrice.Apply(market);

        return new RoundResult([.. round.Bids.Select(bid => ToDecision(bid, round, grid))]);
    }

    private static Decision ToDecision(BidSlot bid, RoundSetup round, HourGrid grid)
    {
        if (bid.Cluster is not { } cluster)
            return new Decision(bid.Source.BidId, bid.Rank, null, DecisionReasons.Lost(bid, round.MarketFor(bid), grid));
        var placement = new Placement(cluster.Source.ClusterId, bid.Nodes, bid.Nodes * cluster.GpusPerNode,
            grid.At(bid.Start), grid.At(bid.Start + bid.Duration), bid.Price, bid.PriceSetBy);
        return new Decision(bid.Source.BidId, bid.Rank, placement, DecisionReasons.Won(bid, grid));
    }

    private static void RequireUniqueIds(RoundInput input)
    {
        var bidIds = new HashSet<Guid>();
        foreach (var bid in input.Bids)
            if (!bidIds.Add(bid.BidId)) throw new ArgumentException($"bid {bid.BidId} appears twice in the round input", nameof(input));
        var clusterIds = new HashSet<Guid>();
        foreach (var cluster in input.Clusters)
            if (!clusterIds.Add(cluster.ClusterId)) throw new ArgumentException($"cluster {cluster.ClusterId} appears twice in the round input", nameof(input));
    }
}
