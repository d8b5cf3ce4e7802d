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
        // The service in plain words, never the message type behind the call (ListClusters, Marketplace.Contracts...).
        Assert.Equal("The inventory service did not answer in time.", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain("ListClusters", problem.ToJsonString());

        // Other services still answer.
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items);
    }

    [Fact]
    public async Task Should_refuse_another_organizations_balance_at_once_as_if_it_did_not_exist()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        await market.StopAsync("settlement"); // nothing could be asked: a refusal must not need to ask

        var started = DateTime.UtcNow;
        var existing = await tenant.Http.GetAsync($"/v1/organizations/{provider.OrganizationId}/balance");
        var unknown = await tenant.Http.GetAsync($"/v1/organizations/{Guid.NewGuid()}/balance");

        var existingProblem = await ApiClient.AssertProblemAsync(existing, HttpStatusCode.NotFound);
        var unknownProblem = await ApiClient.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        existingProblem.Remove("traceId");
        unknownProblem.Remove("traceId");
        Assert.Equal(unknownProblem.ToJsonString(), existingProblem.ToJsonString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1), "the refusal waited for a service");
    }
}
