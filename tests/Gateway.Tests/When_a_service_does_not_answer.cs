using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>A marketplace whose gateway waits at most 1 s for a service.</summary>
public sealed class ImpatientMarketplace : MarketplaceFixture
{
    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Gateway:ServiceTimeout"] = "00:00:01";
        return settings;
    }
}

public sealed class When_a_service_does_not_answer(ImpatientMarketplace market) : IClassFixture<ImpatientMarketplace>
{
    [Fact]
    public async Task Should_answer_503_with_retry_after_and_not_hang()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await market.InventoryHost.DisposeAsync(); // the inventory service is gone

        var started = DateTime.UtcNow;
        var response = await tenant.Http.GetAsync("/v1/clusters");
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the gateway hung");
        Assert.NotNull(problem["detail"]);

        // Other services still answer.
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items);
    }
}
