using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts.Allocation;
using Marketplace.Testing;
using MassTransit;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// API.md lastDecision: allocation's rounds publish what they decided (BidsDecided) and bidding shows the newest on the
/// bid. In this quiet market no cluster is listed, so the real rounds tell every bid that no cluster of its model is
/// active; the tests then play allocation with decisions of their own.
/// </summary>
[Collection(QuietMarket.Name)]
public sealed class When_the_market_decides_about_a_bid(QuietMarketFixture market) : IDisposable
{
    private readonly BiddingService _bidding = new(market);
    private readonly ConsumedMessages<BidsDecided> _consumed = new(new BiddingService(market).Bus);

    public void Dispose() => _consumed.Dispose();

    [Fact]
    public async Task Should_show_the_rounds_reason_on_the_bid_in_get_and_list()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var placed = await tenant.PostAsync<JsonObject>("/v1/bids", Samples.Bid(gpuModel: "L40S-48GB"));
        // Present and null until a round has seen the bid (API.md: lastDecision is an object or null, never absent).
        Assert.True(placed.TryGetPropertyValue("lastDecision", out var undecided) && undecided is null);
        var bid = placed.Deserialize<BidDto>(ApiClient.Json)!;

        var decided = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.LastDecision is not null,
            what: "a round's decision reaches the bid");
        Assert.Equal("no active cluster of model L40S-48GB", decided.LastDecision!.Reason);
        Assert.InRange(decided.LastDecision.At, bid.CreatedAt.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(bid.UpdatedAt, decided.UpdatedAt); // a decision is not a change of the bid's status
        var listed = await tenant.GetAsync<Page<BidDto>>("/v1/bids");
        Assert.Equal(decided.LastDecision, Assert.Single(listed.Items).LastDecision);
    }

    [Fact]
    public async Task Should_keep_the_newest_decision_whatever_order_and_however_often_they_arrive()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A100-SXM-40GB"));
        await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.LastDecision is not null, what: "the real round's decision");
        var now = DateTimeOffset.UtcNow;

        var newest = await PublishAsync(new BidsDecided(now.AddHours(2), [new BidDecisionNote(bid.Id, "newest")]));
        await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.LastDecision?.Reason == "newest", what: "newest shown");

        // An older decision arriving late, and the newest delivered again: neither changes what is shown.
        var older = await PublishAsync(new BidsDecided(now.AddHours(1), [new BidDecisionNote(bid.Id, "older")]));
        await PublishAsync(new BidsDecided(now.AddHours(2), [new BidDecisionNote(bid.Id, "newest")]), newest);
        await Eventually.True(() => Task.FromResult(_consumed.Count(older) == 1 && _consumed.Count(newest) == 2), what: "both consumed");

        var shown = (await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).LastDecision!;
        Assert.Equal(("newest", now.AddHours(2).ToUnixTimeMilliseconds()), (shown.Reason, shown.At.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task Should_keep_a_decision_on_a_bid_that_is_no_longer_open()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A10G-24GB"));
        await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}");

        await PublishAsync(new BidsDecided(DateTimeOffset.UtcNow.AddHours(3), [new BidDecisionNote(bid.Id, "decided as it was cancelled")]));

        var shown = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"),
            b => b.LastDecision?.Reason == "decided as it was cancelled", what: "the decision on a cancelled bid");
        Assert.Equal("cancelled", shown.Status);
    }

    private async Task<Guid> PublishAsync(BidsDecided decided, Guid? messageId = null)
    {
        var id = messageId ?? NewId.NextGuid();
        await _bidding.Bus.Publish(decided, Pipe.Execute<PublishContext>(c => c.MessageId = id));
        return id;
    }
}
