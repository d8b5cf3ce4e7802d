using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Issue 11: the allocation service's /metrics shows its rounds (duration, open bids, wins), the open bids, and how long a
/// bid waited until its booking was confirmed; with MassTransit's consumer durations and the outbox beside them.
/// </summary>
public sealed class When_allocation_is_scraped_for_metrics(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_show_the_rounds_and_the_wait_from_bid_to_booking_once_a_bid_has_won()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "L40S-48GB", ask: 0.95m, gpusPerNode: 4, nodeCount: 3));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "L40S-48GB", gpuCount: 6, maxPrice: 1.80m));
        await MarketScenarios.WonAsync(tenant, bid.Id);

        var body = await Scrape.UntilShownAsync(market.AllocationHost.CreateClient(),
            "marketplace_allocation_round_duration_seconds_bucket", "marketplace_allocation_round_open_bids_bucket",
            "marketplace_allocation_round_wins_bucket", "marketplace_allocation_open_bids",
            "marketplace_allocation_bid_to_won_seconds_bucket", "marketplace_allocation_bookings_confirmed_total",
            "marketplace_outbox_unsent_messages",
            "marketplace_outbox_relayed_messages_total");

        var model = "gpu_model=\"L40S-48GB\"";
        Assert.True(Scrape.Value(body, "marketplace_allocation_round_duration_seconds_count", model) >= 1);
        Assert.Contains(Scrape.Samples(body, "marketplace_allocation_round_duration_seconds_bucket"), s => s.Contains("le=\"0.1\""));
        Assert.True(Scrape.Value(body, "marketplace_allocation_round_wins_sum", model) >= 1);
        Assert.True(Scrape.Value(body, "marketplace_allocation_round_open_bids_sum", model) >= 1);
        Assert.Equal(1, Scrape.Value(body, "marketplace_allocation_bookings_confirmed_total"));
        Assert.Equal(1, Scrape.Value(body, "marketplace_allocation_bid_to_won_seconds_count"));
        Assert.InRange(Scrape.Value(body, "marketplace_allocation_bid_to_won_seconds_sum"), 0, 120);
    }

    [Fact]
    public async Task Should_answer_404_to_a_caller_from_another_network()
    {
        var response = await Scrape.FromAsync(market.AllocationHost.CreateClient(), Scrape.Internet);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
