using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>
/// Issue 11: the settlement service's /metrics counts the transactions posted to the ledger, by kind. The market is
/// shared with other test classes, so counts are at least what this test did.
/// </summary>
[Collection(SettlementCollection.Name)]
public sealed class When_settlement_is_scraped_for_metrics(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_count_ledger_postings_by_kind_once_a_booking_is_charged()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window, ask: 2m);
        var tenant = await market.NewOrganizationAsync("tenant");
        await _scenario.BookAsync(tenant, window, gpuCount: 8, hours: 2);

        var body = await Scrape.UntilShownAsync(market.SettlementHost.CreateClient(),
            "marketplace_settlement_ledger_postings_total", "marketplace_outbox_unsent_messages");
        Assert.True(Scrape.Value(body, "marketplace_settlement_ledger_postings_total", "kind=\"charge\"") >= 1);
    }

    [Fact]
    public async Task Should_answer_404_to_a_caller_from_another_network()
    {
        var response = await Scrape.FromAsync(market.SettlementHost.CreateClient(), Scrape.Internet);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
