using Marketplace.Domain;

namespace Marketplace.Allocation.Matching;

/// <summary>The one thing an alternative changes in the bid (API.md's values).</summary>
public static class QuoteChanges
{
    public const string LaterStart = "later-start";
    public const string HigherPrice = "higher-price";
    public const string FewerGpus = "fewer-gpus";
    public const string AnyRegion = "any-region";
    public const string OtherGpuModel = "other-gpu-model";
}

/// <summary>An alternative: the bid with one change, and its own quote (always fillable).</summary>
public sealed record QuoteAlternative(string Change, QuoteOutcome Quote);

/// <summary>
/// For a bid that cannot fill: bids one change away that would, within the same market (the other GPU models are
/// other markets; the caller quotes those). Each alternative is a quote of its own, so it is as honest as any quote;
/// the searches only choose which bids to quote, and each keeps its cost to a handful of engine runs.
/// </summary>
public static class QuoteAlternatives
{
    public static IReadOnlyList<QuoteAlternative> WithinMarket(RoundInput market, OpenBid bid)
    {
        var found = new List<QuoteAlternative>();
        if (LaterStart(market, bid) is { } later) found.Add(new(QuoteChanges.LaterStart, later));
        if (HigherPrice(market, bid) is { } higher) found.Add(new(QuoteChanges.HigherPrice, higher));
        if (FewerGpus(market, bid) is { } fewer) found.Add(new(QuoteChanges.FewerGpus, fewer));
        if (bid.Regions.Count > 0 && Fillable(market, bid with { Regions = [] }) is { } anywhere) found.Add(new(QuoteChanges.AnyRegion, anywhere));
        return found;
    }

    /// <summary>The widest window the market accepts: the latest start as far ahead as a bid may go.</summary>
    private static QuoteOutcome? LaterStart(RoundInput market, OpenBid bid)
    {
        var latest = Hours.FloorHour(market.Now.AddDays(7 * MarketRules.MaxHorizonWeeks));
        return latest > bid.LatestStart ? Fillable(market, bid with { LatestStart = latest }) : null;
    }

    /// <summary>The lowest ask level above the limit at which the bid fills (binary search over the market's asks).</summary>
    private static QuoteOutcome? HigherPrice(RoundInput market, OpenBid bid)
    {
        // Only asks of clusters in the bid's regions: a higher limit cannot buy a cluster the bid rules out.
        var asks = market.Clusters.Where(c => bid.Regions.Count == 0 || bid.Regions.Contains(c.Region))
            .Select(c => c.AskPricePerGpuHour).Where(a => a > bid.MaxPricePerGpuHour).Distinct().Order().ToArray();
        return LowestFillable(asks.Length, i => Fillable(market, bid with { MaxPricePerGpuHour = asks[i] }));
    }

    /// <summary>The most GPUs, fewer than asked, in whole nodes of the market's smallest node size, that fill.</summary>
    private static QuoteOutcome? FewerGpus(RoundInput market, OpenBid bid)
    {
        var perNode = market.Clusters.Where(c => c.GpusPerNode > 0).Select(c => c.GpusPerNode).DefaultIfEmpty(0).Min();
        if (perNode == 0) return null;
        var steps = (bid.GpuCount - 1) / perNode; // counts perNode × 1..steps are all fewer than asked
        // Fewer GPUs fill more easily: search from the most, so LowestFillable's index 0 is the largest count.
        return LowestFillable(steps, i => Fillable(market, bid with { GpuCount = (steps - i) * perNode }));
    }

    /// <summary>
    /// The first index in [0, count) whose quote fills, assuming (mostly true) that fillability only grows with the
    /// index. The best candidate is tried first (often it fills: the lowest ask above the limit, the most GPUs a
    /// cluster holds), then the easiest (if even that fails there is nothing to offer), then a binary search between:
    /// at most about log2(count) + 2 engine runs. Whatever it returns was quoted fillable.
    /// </summary>
    private static QuoteOutcome? LowestFillable(int count, Func<int, QuoteOutcome?> quote)
    {
        if (count == 0) return null;
        if (quote(0) is { } first) return first;
        if (count == 1 || quote(count - 1) is not { } best) return null;
        int low = 1, high = count - 1; // index 0 does not fill, high does
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            if (quote(mid) is { } fills) { best = fills; high = mid; }
            else low = mid + 1;
        }
        return best;
    }

    private static QuoteOutcome? Fillable(RoundInput market, OpenBid bid)
    {
        var quote = Quoter.Quote(market, bid);
        return quote.Fillable ? quote : null;
    }
}
