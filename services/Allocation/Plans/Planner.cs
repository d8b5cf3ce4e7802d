using Marketplace.Allocation.Matching;
using Marketplace.Allocation.Quotes;
using Marketplace.Contracts.Allocation;
using Marketplace.Domain;

namespace Marketplace.Allocation.Plans;

/// <summary>
/// Turns a training run into bids (API.md "plans", docs/market-rules.md "Planning a training run"): for each GPU model
/// (the one asked for, or every model of the catalog) and each GPU count (the one asked for, or whole-node counts up to
/// the largest listed cluster), the run's duration from the model's dense BF16 TFLOPS and the MFU, then a price:
/// the market's quote for that very bid when it would fill, else the model's recent volume-weighted price, else its
/// lowest ask. Options cheapest first; each carries the bid to place.
/// </summary>
public sealed class Planner(MarketViews markets, RecentPrices prices)
{
    /// <summary>GPU counts tried per model when none is asked for: 1, 4, 16, … nodes and the largest cluster.</summary>
    private const int LadderFactor = 4;

    public async Task<PlanView> PlanAsync(GetPlan run, CancellationToken ct)
    {
        var totalFlops = TrainingRuns.TotalFlops(run.ModelParameters, run.TrainingTokens, run.FlopsPerToken);
        var mfu = run.Mfu ?? TrainingRuns.DefaultMfu;
        var models = run.GpuModel is { } asked ? [TrainingRuns.Model(asked)!] : GpuCatalog.All;
        var options = new List<PlanOptionView>();
        foreach (var model in models)
        {
            var market = await markets.ReadAsync(model.Id, ct);
            var vwap = await prices.RecentVwapAsync(model.Id, ct);
            foreach (var gpus in GpuCounts(market, run.GpuCount))
            {
                var hours = TrainingRuns.DurationHours(totalFlops, gpus, model, mfu);
                // A bid lasts at most MaxDurationHours: a run longer than that on this many GPUs is not offered.
                if (hours > MarketRules.MaxDurationHours) continue;
                if (Option(market, model.Id, gpus, (int)hours, vwap, run) is { } option) options.Add(option);
            }
        }
        return new PlanView(totalFlops, options.OrderBy(o => o.TotalPrice).ThenBy(o => o.StartsAt).ThenBy(o => o.GpuModel, StringComparer.Ordinal)
            .ThenBy(o => o.GpuCount).ToList());
    }

    /// <summary>
    /// Whole nodes of the market's most common node size: the count asked for rounded up, or a ladder up to the largest
    /// cluster. A market with no cluster has no node size to go by: only a count asked for is planned there (at the
    /// recent price, if any).
    /// </summary>
    private static IEnumerable<int> GpuCounts(RoundInput market, int? asked)
    {
        var perNode = market.Clusters.GroupBy(c => c.GpusPerNode).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key)
            .Select(g => g.Key).FirstOrDefault();
        if (asked is { } count)
        {
            yield return perNode == 0 ? count : (int)Math.Min(100_000, (long)Math.Ceiling(count / (double)perNode) * perNode);
            yield break;
        }
        if (perNode == 0) yield break;
        var largest = market.Clusters.Where(c => c.GpusPerNode == perNode).Max(c => c.NodeCount);
        for (long nodes = 1; nodes < largest; nodes *= LadderFactor) yield return (int)(nodes * perNode);
        yield return largest * perNode;
    }

    private static PlanOptionView? Option(RoundInput market, string model, int gpus, int hours, decimal? vwap, GetPlan run)
    {
        var now = market.Now;
        var earliest = Hours.CeilingHour(now);
        var horizon = Hours.FloorHour(now.AddDays(7 * MarketRules.MaxHorizonWeeks));
        // With a deadline, the bid may only start where it still ends in time; otherwise anywhere the market allows.
        var latest = horizon;
        if (run.Deadline is { } deadline)
        {
            var lastStart = Hours.FloorHour(deadline.AddHours(-hours));
            if (lastStart >= earliest && lastStart < horizon) latest = lastStart;
        }
        var asks = market.Clusters.Select(c => c.AskPricePerGpuHour).ToList();
        var lowestAsk = asks.Count == 0 ? (decimal?)null : asks.Min();
        // The quote's limit: every ask of the market, capped by what the budget allows per GPU-hour.
        var limit = asks.Count == 0 ? vwap ?? 0 : asks.Max();
        if (run.Budget is { } budget) limit = Math.Min(limit, Math.Floor(budget / ((decimal)gpus * hours) * 10_000m) / 10_000m);
        limit = Math.Min(limit, 1000m);
        if (limit <= 0 && vwap is null && lowestAsk is null) return null;

        var bid = new BidTerms(model, gpus, hours, earliest, latest, [], null, Math.Max(limit, 0.0001m), null);
        var quote = limit > 0 ? Quoter.Quote(market, QuoteDesk.ToOpenBid(run.Caller.OrganizationId, bid, now)) : null;
        decimal price;
        string source;
        DateTimeOffset startsAt;
        if (quote?.Decision.Placement is { } placement)
            (price, source, startsAt) = (placement.PricePerGpuHour, "quote", placement.StartsAt);
        else if (vwap is { } recent)
            (price, source, startsAt) = (recent, "market-vwap", earliest);
        else if (lowestAsk is { } ask)
            (price, source, startsAt) = (ask, "ask", earliest);
        else return null;

        // A bid that did not quote fillable waits in the market at the price the plan assumed.
        if (source != "quote") bid = bid with { MaxPricePerGpuHour = Math.Min(1000m, price) };
        // A quote's placement may round the GPUs up to whole nodes of its cluster: the booking charges what it holds.
        var gpusHeld = quote?.Decision.Placement?.GpuCount ?? gpus;
        var total = quote?.Decision.Placement?.TotalPrice ?? Money.Round(price * gpus * hours);
        return new PlanOptionView(model, gpus, hours, (long)gpusHeld * hours, price, source, total, startsAt,
            MeetsDeadline: run.Deadline is null || startsAt.AddHours(hours) <= run.Deadline,
            MeetsBudget: run.Budget is null || total <= run.Budget, bid);
    }
}
