using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.Quotes;

/// <summary>POST /v1/quotes: the bid's rules are checked here too (this service answers whoever asks), then quoted.</summary>
public sealed class GetQuoteConsumer(QuoteDesk desk, TimeProvider clock) : IConsumer<GetQuote>
{
    public async Task Consume(ConsumeContext<GetQuote> context)
    {
        var bid = context.Message.Bid;
        var errors = new ValidationErrors();
        MarketRules.ValidateBid(errors, clock.GetUtcNow(), bid.GpuModel, bid.GpuCount, bid.DurationHours, bid.EarliestStart,
            bid.LatestStart, bid.Regions, bid.Interconnect?.Kind, bid.Interconnect?.MinGbpsPerNode, bid.MaxPricePerGpuHour, bid.ExpiresAt);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        await context.RespondAsync(await desk.QuoteAsync(context.Message.Caller.OrganizationId, bid, context.CancellationToken));
    }
}
