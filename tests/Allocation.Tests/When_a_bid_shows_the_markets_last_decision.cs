using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

/// <summary>API.md lastDecision end to end: the round's own reason reaches the bid, for a bid that waits and one that won.</summary>
public sealed class When_a_bid_shows_the_markets_last_decision(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_say_why_a_bid_under_every_ask_waits_and_what_a_winner_won()
    {
        const string model = "H200-SXM-141GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 3.20m));

        var cheap = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 2.10m));
        var waiting = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{cheap.Id}"),
            b => b.LastDecision?.Reason.Contains("lowest ask there: 3.20") == true, what: "the reason names the lowest ask");
        Assert.Equal("open", waiting.Status);
        Assert.Contains("within your price of 2.10 per GPU-hour", waiting.LastDecision!.Reason);

        var rich = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 4.00m));
        await MarketScenarios.WonAsync(tenant, rich.Id);
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{rich.Id}"), b => b.LastDecision is not null,
            what: "the winner's decision");
        Assert.StartsWith("won on cluster", won.LastDecision!.Reason);
        Assert.Contains("at 3.20 per GPU-hour", won.LastDecision.Reason);
    }
}
