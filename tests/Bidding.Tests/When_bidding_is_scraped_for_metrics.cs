using System.Net;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// Issue 11: the bidding service's /metrics counts bids placed and bids closed by how they ended. The market is shared
/// with other test classes, so counts are at least what this test did.
/// </summary>
[Collection(QuietMarket.Name)]
public sealed class When_bidding_is_scraped_for_metrics(QuietMarketFixture market)
{
    [Fact]
    public async Task Should_count_bids_placed_and_bids_closed_by_status()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
        var cancelled = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
        var response = await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{cancelled.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var body = await Scrape.UntilShownAsync(market.BiddingHost.CreateClient(),
            "marketplace_bidding_bids_placed_total", "marketplace_bidding_bids_closed_total",
            "marketplace_outbox_unsent_messages");
        Assert.True(Scrape.Value(body, "marketplace_bidding_bids_placed_total") >= 2);
        Assert.True(Scrape.Value(body, "marketplace_bidding_bids_closed_total", "status=\"cancelled\"") >= 1);
    }

    [Fact]
    public async Task Should_answer_404_to_a_caller_from_another_network()
    {
        var response = await Scrape.FromAsync(market.BiddingHost.CreateClient(), Scrape.Internet);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
