using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.MarketData;

/// <summary>GET /v1/market/prices: any organization; the answer names no organization, cluster or bid.</summary>
public sealed class GetPriceHistoryConsumer(Db db) : IConsumer<GetPriceHistory>
{
    public async Task Consume(ConsumeContext<GetPriceHistory> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        MarketDataRules.ValidatePrices(errors, m.GpuModel, m.Region, m.Interval, m.From, m.To);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        var points = await PriceHistory.ReadAsync(db, m.GpuModel, m.Region, m.Interval, m.From, m.To, context.CancellationToken);
        await context.RespondAsync(new PriceHistoryView(m.GpuModel, m.Region, m.Interval, points));
    }
}

/// <summary>GET /v1/market/depth: any organization; levels only, no identities.</summary>
public sealed class GetMarketDepthConsumer(Db db, TimeProvider clock) : IConsumer<GetMarketDepth>
{
    public async Task Consume(ConsumeContext<GetMarketDepth> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        MarketDataRules.ValidateMarket(errors, m.GpuModel, m.Region);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        await context.RespondAsync(await MarketDepth.ReadAsync(db, m.GpuModel, m.Region, clock.GetUtcNow(), context.CancellationToken));
    }
}
