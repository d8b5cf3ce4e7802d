using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Bids under every ask sleep: decided once, then left out of rounds until the market's clusters change (allocation's
/// Rounds/SleepingBids). A change of the clusters must reach them: a new lowest ask is in their reason, and an ask that
/// falls under their limit lets them win.
/// </summary>
public sealed class When_bids_wait_under_every_ask(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_tell_them_of_a_new_lowest_ask_and_place_them_once_an_ask_falls_under_their_limit()
    {
        const string model = "L40S-48GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 3.20m));
        var bids = new List<BidDto>();
        for (var i = 0; i < 3; i++)
            bids.Add(await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 2.10m)));
        foreach (var bid in bids) await ReasonAsync(tenant, bid.Id, "lowest ask there: 3.20");

        // A bid that can win while the others sleep: it wins at the ask, the sleeping limits set no price.
        var rich = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 4.00m));
        Assert.Contains("at 3.20 per GPU-hour; price set by the ask", (await DecisionOfWinnerAsync(tenant, rich.Id)));

        var second = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, ask: 3.00m));
        foreach (var bid in bids) await ReasonAsync(tenant, bid.Id, "lowest ask there: 3.00");

        var lowered = await provider.SendAsync(HttpMethod.Patch, $"/v1/clusters/{second.Id}", new { askPricePerGpuHour = 2.00m });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        await MarketScenarios.WonAsync(tenant, bids[0].Id);
        await MarketScenarios.WonAsync(tenant, bids[1].Id);
        await MarketScenarios.WonAsync(tenant, bids[2].Id);
    }

    private static Task<BidDto> ReasonAsync(ApiClient tenant, Guid bidId, string text) =>
        Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bidId}"), b => b.LastDecision?.Reason.Contains(text) == true,
            what: $"bid {bidId} is told '{text}'");

    private static async Task<string> DecisionOfWinnerAsync(ApiClient tenant, Guid bidId)
    {
        await MarketScenarios.WonAsync(tenant, bidId);
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bidId}"), b => b.LastDecision is not null,
            what: "the winner's decision");
        return won.LastDecision!.Reason;
    }
}
