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
            if (bid.HasUsableStart && !bid.Market.Losers.AnyDominates(bid) && !PlacementSearch.TryPlace(bid, bid.Market.Clusters))
                bid.Market.Losers.Add(bid);

        // Prices depend on the round's final occupancy, so they come after every bid has been placed.
        foreach (var market in round.Markets) SecondPrice.Apply(market);

        var decisions = new Decision[round.Bids.Length];
        for (var i = 0; i < decisions.Length; i++) decisions[i] = ToDecision(round.Bids[i], grid);
        return new RoundResult(decisions);
    }

    private static Decision ToDecision(BidSlot bid, HourGrid grid)
    {
        if (bid.Cluster is not { } cluster)
            return new Decision(bid.Source.BidId, bid.Rank, null, DecisionReasons.Lost(bid, grid));
        var placement = new Placement(cluster.Source.ClusterId, bid.Nodes, bid.Nodes * cluster.GpusPerNode,
            grid.At(bid.Start), grid.At(bid.Start + bid.Duration), bid.Price, bid.PriceSetBy?.Source.BidId);
        return new Decision(bid.Source.BidId, bid.Rank, placement, DecisionReasons.Won(bid, grid));
    }

    private static void RequireUniqueIds(RoundInput input)
    {
        if (RepeatedIds.FirstRepeat(input.Bids, static b => b.BidId) is { } bidId)
            throw new ArgumentException($"bid {bidId} appears twice in the round input", nameof(input));
        if (RepeatedIds.FirstRepeat(input.Clusters, static c => c.ClusterId) is { } clusterId)
            throw new ArgumentException($"cluster {clusterId} appears twice in the round input", nameof(input));
    }
}
