using Marketplace.Allocation.Matching;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Allocation;

namespace Marketplace.Allocation.Quotes;

/// <summary>
/// Answers "what if I placed this bid now": the engine's decision on the current market (<see cref="Quoter"/>) and, when
/// it would not fill, up to five fillable bids one change away (<see cref="QuoteAlternatives"/>, plus the cheapest other
/// GPU model that fills).
/// </summary>
public sealed class QuoteDesk(MarketViews markets)
{
    public const int MaxAlternatives = 5;

    public async Task<QuoteView> QuoteAsync(Guid tenantId, BidTerms terms, CancellationToken ct)
    {
        var market = await markets.ReadAsync(terms.GpuModel, ct);
        var bid = ToOpenBid(tenantId, terms, market.Now);
        var quote = Quoter.Quote(market, bid);
        if (quote.Fillable) return ToView(quote, terms, []);

        var alternatives = QuoteAlternatives.WithinMarket(market, bid).ToList();
        if (await OtherModelAsync(terms, bid, ct) is { } other) alternatives.Add(other);
        return ToView(quote, terms, alternatives.Take(MaxAlternatives).ToList());
    }

    /// <summary>The same bid on the other GPU model that would cost least, if any fills.</summary>
    private async Task<QuoteAlternative?> OtherModelAsync(BidTerms terms, OpenBid bid, CancellationToken ct)
    {
        QuoteOutcome? cheapest = null;
        foreach (var model in await markets.ModelsWithCapacityAsync(ct))
        {
            if (model == terms.GpuModel) continue;
            var market = await markets.ReadAsync(model, ct);
            var quote = Quoter.Quote(market, bid with { GpuModel = model });
            if (quote.Fillable && (cheapest is null || quote.Decision.Placement!.TotalPrice < cheapest.Decision.Placement!.TotalPrice))
                cheapest = quote;
        }
        return cheapest is null ? null : new QuoteAlternative(QuoteChanges.OtherGpuModel, cheapest);
    }

    public static OpenBid ToOpenBid(Guid tenantId, BidTerms t, DateTimeOffset now) =>
        new(Guid.Empty, tenantId, t.GpuModel, t.GpuCount, t.DurationHours, t.EarliestStart, t.LatestStart, t.Regions,
            t.Interconnect?.Kind, t.Interconnect?.MinGbpsPerNode, t.MaxPricePerGpuHour, now);

    /// <summary>The quoted bid's body with what an alternative changed (only model, count, latest start, limit or regions).</summary>
    private static BidTerms ToTerms(BidTerms original, OpenBid changed) => original with
    {
        GpuModel = changed.GpuModel,
        GpuCount = changed.GpuCount,
        LatestStart = changed.LatestStart,
        MaxPricePerGpuHour = changed.MaxPricePerGpuHour,
        Regions = changed.Regions,
    };

    private static QuoteView ToView(QuoteOutcome quote, BidTerms terms, IReadOnlyList<QuoteAlternative> alternatives)
    {
        var alternativeViews = alternatives.Select(a =>
        {
            var p = a.Quote.Decision.Placement!;
            return new QuoteAlternativeView(a.Change, ToTerms(terms, a.Quote.Bid), p.PricePerGpuHour, p.StartsAt, p.TotalPrice);
        }).ToList();
        if (quote.Decision.Placement is not { } placement)
            return new QuoteView(false, null, null, null, null, null, null, quote.Decision.Reason, alternativeViews);
        return new QuoteView(true, placement.PricePerGpuHour, placement.StartsAt, placement.EndsAt, placement.TotalPrice,
            quote.Cluster!.Region, quote.Cluster.InterconnectKind, WithoutClusterId(quote.Decision.Reason), alternativeViews);
    }

    /// <summary>A quote names no cluster (API.md: market data never identifies one); the round's sentence does.</summary>
    private static string WithoutClusterId(string reason) =>
        System.Text.RegularExpressions.Regex.Replace(reason, @"^won on cluster [0-9a-f-]{36} ", "would win ");
}
