using Marketplace.Allocation.Matching.Tests.Support;
using Marketplace.Domain;

namespace Marketplace.Allocation.Matching.Tests.Quotes;

/// <summary>
/// The quote's promise (API.md): placing the quoted bid at once, with nothing else changed, wins at the quoted price and
/// start. Checked over random markets, both as generated and in the state a market is in between rounds (the last
/// round's winners booked, its losers still open), with the bid placed a little later, under another id, as bidding
/// would place it. Each alternative offered for a bid that cannot fill is checked the same way.
/// </summary>
public class When_a_quoted_bid_is_placed_at_once
{
    private const int Seeds = 300;

    [Fact]
    public void Should_win_or_lose_exactly_as_quoted_with_the_quoted_price_start_and_cluster()
    {
        var failures = Cases().SelectMany(c => Compare(c.Seed, "quote", c.Market, c.Bid, Quoter.Quote(c.Market, c.Bid))).Take(20).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Should_offer_only_alternatives_that_win_as_quoted_when_placed()
    {
        var failures = new List<string>();
        var offered = 0;
        foreach (var (seed, market, bid) in Cases())
        {
            if (Quoter.Quote(market, bid).Fillable) continue;
            foreach (var alternative in QuoteAlternatives.WithinMarket(market, bid))
            {
                offered++;
                if (!alternative.Quote.Fillable) failures.Add($"seed {seed}: {alternative.Change} offered but not fillable");
                failures.AddRange(Compare(seed, alternative.Change, market, alternative.Quote.Bid, alternative.Quote));
                failures.AddRange(OneChange(seed, alternative.Change, bid, alternative.Quote.Bid));
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
        Assert.True(offered > 50, $"only {offered} alternatives over {Seeds} seeds: the property proves little");
    }

    [Fact]
    public void Should_see_both_fillable_and_unfillable_bids_across_the_seeds()
    {
        // Guards the generator: a property over quotes that always (or never) fill would prove little.
        var fillable = Cases().Count(c => Quoter.Quote(c.Market, c.Bid).Fillable);
        Assert.InRange(fillable, Seeds / 5, Seeds * 4 / 5);
    }

    /// <summary>The market once as generated, once after a round; the bid to quote from another random stream.</summary>
    private static IEnumerable<(int Seed, RoundInput Market, OpenBid Bid)> Cases()
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var market = RandomRound.Generate(seed, seed % 2 == 0 ? RandomRound.Small : RandomRound.Medium);
            // On the hour exactly, a bid placed a moment later sees the next hour as its first: not "at once".
            if (market.Now == Hours.FloorHour(market.Now)) market = market with { Now = market.Now.AddMinutes(1) };
            if (seed % 3 != 0) market = AfterOneRound(market);
            var bid = RandomRound.Generate(seed + 100_000, RandomRound.Medium).Bids[0];
            yield return (seed, market, bid with { GpuModel = market.Clusters[0].GpuModel });
        }
    }

    /// <summary>Between rounds: what won is booked on its cluster, what lost is still open.</summary>
    private static RoundInput AfterOneRound(RoundInput market)
    {
        var decisions = MatchingEngine.Clear(market).Decisions;
        var won = decisions.Where(d => d.Won).ToDictionary(d => d.BidId, d => d.Placement!);
        var clusters = market.Clusters.Select(c => c with
        {
            Occupied = [.. c.Occupied, .. won.Values.Where(p => p.ClusterId == c.ClusterId).Select(p => new Occupancy(p.StartsAt, p.EndsAt, p.NodeCount))],
        }).ToList();
        return market with { Clusters = clusters, Bids = market.Bids.Where(b => !won.ContainsKey(b.BidId)).ToList() };
    }

    /// <summary>Places the bid as bidding would, a few minutes after the quote (same hour) under its own id, and clears.</summary>
    private static IEnumerable<string> Compare(int seed, string what, RoundInput market, OpenBid quotedBid, QuoteOutcome quote)
    {
        var later = market.Now.AddMinutes(Math.Min(5, 59 - market.Now.Minute));
        var placed = quotedBid with { BidId = Guid.NewGuid(), PlacedAt = later };
        var round = MatchingEngine.Clear(market with { Now = later, Bids = [.. market.Bids, placed] });
        var actual = round.Decisions.Single(d => d.BidId == placed.BidId);
        var expected = quote.Decision;
        if (actual.Won != expected.Won)
            yield return $"seed {seed} {what}: quoted {(expected.Won ? "a win" : "a loss")} ({expected.Reason}) but the round decided {actual.Reason}";
        else if (actual.Placement is { } a && expected.Placement is { } e && (a with { PriceSetBy = null }) != (e with { PriceSetBy = null }))
            yield return $"seed {seed} {what}: quoted {e} but the round placed {a}";
        else if (!actual.Won && actual.Reason != expected.Reason)
            yield return $"seed {seed} {what}: quoted reason '{expected.Reason}' but the round gave '{actual.Reason}'";
    }

    private static IEnumerable<string> OneChange(int seed, string change, OpenBid original, OpenBid alternative)
    {
        var restored = change switch
        {
            QuoteChanges.LaterStart => alternative with { LatestStart = original.LatestStart },
            QuoteChanges.HigherPrice => alternative with { MaxPricePerGpuHour = original.MaxPricePerGpuHour },
            QuoteChanges.FewerGpus => alternative with { GpuCount = original.GpuCount },
            QuoteChanges.AnyRegion => alternative with { Regions = original.Regions },
            _ => alternative,
        };
        if (restored with { BidId = original.BidId, PlacedAt = original.PlacedAt } != original)
            yield return $"seed {seed}: {change} changed more than one thing";
        if (change == QuoteChanges.HigherPrice && alternative.MaxPricePerGpuHour <= original.MaxPricePerGpuHour) yield return $"seed {seed}: higher-price is not higher";
        if (change == QuoteChanges.FewerGpus && alternative.GpuCount >= original.GpuCount) yield return $"seed {seed}: fewer-gpus is not fewer";
        if (change == QuoteChanges.LaterStart && alternative.LatestStart <= original.LatestStart) yield return $"seed {seed}: later-start is not later";
    }
}
