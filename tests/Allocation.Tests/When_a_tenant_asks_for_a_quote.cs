using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed record QuoteAlternativeDto(string Change, JsonObject Bid, decimal PricePerGpuHour, DateTimeOffset StartsAt, decimal TotalPrice);
public sealed record QuoteDto(
    bool Fillable, decimal? PricePerGpuHour, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, decimal? TotalPrice, string? Region,
    string? InterconnectKind, string Reason, List<QuoteAlternativeDto> Alternatives);

/// <summary>
/// POST /v1/quotes end to end: the quote the market gives is what the next round does with the bid. Each test uses a
/// GPU model of its own, so the tests of this class share the fixture's market without meeting.
/// </summary>
public sealed class When_a_tenant_asks_for_a_quote(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_win_at_the_quoted_price_and_start_when_the_quoted_bid_is_placed()
    {
        const string model = "MI300X-192GB";
        var provider = await market.NewOrganizationAsync("provider");
        var other = await market.NewOrganizationAsync("tenant");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour;
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 4, gpusPerNode: 8, ask: 1.70m, from: from, until: from.AddDays(10)));
        // Another tenant already has half the cluster for the first day.
        var first = await other.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 16, durationHours: 24, maxPrice: 2.00m, earliest: from, latest: from));
        await MarketScenarios.WonAsync(other, first.Id);

        // Three nodes are free only after that booking: the quote says so.
        var body = Samples.Bid(gpuModel: model, gpuCount: 24, durationHours: 12, maxPrice: 2.50m, earliest: from, latest: from.AddDays(3));
        var quote = await tenant.PostAsync<QuoteDto>("/v1/quotes", body);
        Assert.True(quote.Fillable, quote.Reason);
        Assert.Equal(1.70m, quote.PricePerGpuHour);
        Assert.Equal(from.AddHours(24), quote.StartsAt);
        Assert.Equal(from.AddHours(36), quote.EndsAt);
        Assert.Equal(1.70m * 24 * 12, quote.TotalPrice);
        Assert.Equal("us-east-1", quote.Region);
        Assert.Equal("infiniband", quote.InterconnectKind);
        Assert.DoesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-", quote.Reason); // market data names no cluster
        Assert.StartsWith("would win from", quote.Reason);

        var placed = await tenant.PostAsync<BidDto>("/v1/bids", body);
        var won = await MarketScenarios.WonAsync(tenant, placed.Id);
        var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}");
        Assert.Equal(quote.PricePerGpuHour, booking.PricePerGpuHour);
        Assert.Equal(quote.StartsAt, booking.StartsAt);
        Assert.Equal(quote.EndsAt, booking.EndsAt);
        Assert.Equal(quote.TotalPrice, booking.TotalPrice);
    }

    [Fact]
    public async Task Should_say_why_not_and_offer_alternatives_that_win_as_quoted()
    {
        const string model = "A10G-24GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour;
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, gpusPerNode: 4, ask: 0.80m, from: from, until: from.AddDays(10)));

        // Under every ask: the reason names the lowest ask, and a higher limit fills.
        var cheap = Samples.Bid(gpuModel: model, gpuCount: 8, durationHours: 10, maxPrice: 0.60m, earliest: from, latest: from.AddDays(1));
        var quote = await Eventually.Until(() => tenant.PostAsync<QuoteDto>("/v1/quotes", cheap), q => q.Reason.Contains("lowest ask there: 0.80"),
            what: "the quote sees the listed cluster");
        Assert.False(quote.Fillable);
        Assert.Null(quote.PricePerGpuHour);
        Assert.Null(quote.StartsAt);
        var higher = Assert.Single(quote.Alternatives, a => a.Change == "higher-price");
        Assert.Equal(0.80m, higher.Bid["maxPricePerGpuHour"]!.GetValue<decimal>());
        Assert.Equal(0.80m, higher.PricePerGpuHour);
        Assert.Equal(from, higher.StartsAt);

        // Too big for the only cluster: the reason gives both sizes, and fewer GPUs fill.
        var big = Samples.Bid(gpuModel: model, gpuCount: 16, durationHours: 10, maxPrice: 1.00m, earliest: from, latest: from.AddDays(1));
        var tooBig = await tenant.PostAsync<QuoteDto>("/v1/quotes", big);
        Assert.False(tooBig.Fillable);
        Assert.EndsWith("the largest has 2 nodes of 4 GPUs, the bid needs 4", tooBig.Reason);
        var fewer = Assert.Single(tooBig.Alternatives, a => a.Change == "fewer-gpus");
        Assert.Equal(8, fewer.Bid["gpuCount"]!.GetValue<int>());
        Assert.All(tooBig.Alternatives.Concat(quote.Alternatives), a => Assert.True(a.TotalPrice > 0));

        // The alternative's bid is ready to POST as it is, and wins as quoted.
        var response = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", higher.Bid.ToJsonString());
        var placed = await ApiClient.ReadSuccessAsync<BidDto>(response);
        var won = await MarketScenarios.WonAsync(tenant, placed.Id);
        var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}");
        Assert.Equal(higher.PricePerGpuHour, booking.PricePerGpuHour);
        Assert.Equal(higher.StartsAt, booking.StartsAt);
        Assert.Equal(higher.TotalPrice, booking.TotalPrice);
    }

    [Fact]
    public async Task Should_refuse_a_bid_that_breaks_the_rules_and_callers_who_are_not_tenants()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");

        var bad = Samples.Bid(gpuModel: "H900", gpuCount: 0);
        var problem = await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/quotes", bad), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("gpuModel"), problem.ToJsonString());
        Assert.True(errors.ContainsKey("gpuCount"), problem.ToJsonString());

        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/quotes", "{\"gpuCount\": \"many\"}"), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/quotes", Samples.Bid()), HttpStatusCode.Forbidden);
    }
}
