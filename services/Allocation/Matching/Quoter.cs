namespace Marketplace.Allocation.Matching;

/// <summary>What the market would decide for one more bid: the engine's decision for it and, if it won, where.</summary>
public sealed record QuoteOutcome(OpenBid Bid, Decision Decision, ClusterCapacity? Cluster)
{
    public bool Fillable => Decision.Won;
}

/// <summary>
/// Quotes run the round's own engine on the market as the next round will see it, with the quoted bid added as the
/// newest bid. Nothing else is computed separately, so a quote cannot disagree with the round that follows it: placed
/// at once, with nothing else changed, the bid wins at the quoted price and start (the property tests check it).
/// </summary>
public static class Quoter
{
    /// <param name="market">The open bids and clusters (with what is booked on them) of the bid's GPU model.</param>
    /// <param name="bid">The bid as it would be placed; its id and placement time are replaced (see <see cref="AsNewest"/>).</param>
    public static QuoteOutcome Quote(RoundInput market, OpenBid bid)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(bid);
        var newest = AsNewest(market, bid);
        // A bid whose limit is under every ask of the market is never placed and never sets a price (a price setter's
        // limit is above the ask), and it loses before the quoted bid in any order that matters: leaving it out changes
        // nothing for the quoted bid (the property tests compare with the whole round) and spares its setup.
        var lowestAsk = decimal.MaxValue;
        foreach (var c in market.Clusters) lowestAsk = Math.Min(lowestAsk, c.AskPricePerGpuHour);
        var bids = new List<OpenBid>(market.Bids.Count + 1);
        foreach (var open in market.Bids)
            if (open.MaxPricePerGpuHour >= lowestAsk) bids.Add(open);
        bids.Add(newest);
        var result = MatchingEngine.Clear(market with { Bids = bids });
        var decision = result.Decisions.First(d => d.BidId == newest.BidId);
        var cluster = decision.Placement is { } p ? market.Clusters.First(c => c.ClusterId == p.ClusterId) : null;
        return new QuoteOutcome(newest, decision, cluster);
    }

    /// <summary>
    /// A bid placed now comes after every open bid of the same limit (the tie-break is placement time), so the quote
    /// places it after the latest of them; a fresh id keeps it apart from every open bid.
    /// </summary>
    private static OpenBid AsNewest(RoundInput market, OpenBid bid)
    {
        var placedAt = market.Now;
        foreach (var open in market.Bids)
            if (open.PlacedAt >= placedAt) placedAt = open.PlacedAt.AddTicks(1);
        return bid with { BidId = Guid.NewGuid(), PlacedAt = placedAt };
    }
}
