using System.Net;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Testing;
using MassTransit;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// Issue 10, point 2: a client of the broker that is not the gateway claims to be someone else. The services act only
/// on a caller signed with the shared key for that very message id.
/// </summary>
[Collection(QuietMarket.Name)]
public sealed class When_a_request_reaches_the_bus_without_the_gateways_signature(QuietMarketFixture market)
{
    private const string OtherKey = "some-other-key-that-is-long-enough-0123456789";

    [Fact]
    public async Task Should_refuse_to_cancel_another_tenants_bid_for_a_forged_caller_and_change_nothing()
    {
        var (alice, bid) = await AliceWithABidAsync();
        await using var intruder = await OutsideBus.StartAsync(market);
        var claim = new CancelBid(new Caller(alice.OrganizationId, Roles.Tenant), bid.Id);

        var unsigned = await intruder.AskAsync<CancelBid, BidView>(claim, NewId.NextGuid(), signature: null);
        AssertUnauthorized(unsigned);
        var id = NewId.NextGuid();
        var wrongKey = await intruder.AskAsync<CancelBid, BidView>(claim, id, OutsideBus.Sign(claim.Caller, id, OtherKey));
        AssertUnauthorized(wrongKey);
        var garbage = await intruder.AskAsync<CancelBid, BidView>(claim, NewId.NextGuid(), "not-a-signature");
        AssertUnauthorized(garbage);

        Assert.Equal("open", (await alice.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);
    }

    [Fact]
    public async Task Should_refuse_a_signature_replayed_on_another_message_id()
    {
        var (alice, bid) = await AliceWithABidAsync();
        await using var intruder = await OutsideBus.StartAsync(market);
        var claim = new CancelBid(new Caller(alice.OrganizationId, Roles.Tenant), bid.Id);
        var seen = NewId.NextGuid();

        var replayed = await intruder.AskAsync<CancelBid, BidView>(claim, NewId.NextGuid(), OutsideBus.Sign(claim.Caller, seen));
        AssertUnauthorized(replayed);
        // Nor does a signature for one caller vouch for another on the same message.
        var bob = await market.NewOrganizationAsync("tenant");
        var id = NewId.NextGuid();
        var swapped = await intruder.AskAsync<CancelBid, BidView>(claim, id, OutsideBus.Sign(new Caller(bob.OrganizationId, Roles.Tenant), id));
        AssertUnauthorized(swapped);

        Assert.Equal("open", (await alice.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);
    }

    [Fact]
    public async Task Should_carry_out_the_same_request_when_it_is_signed_with_the_services_key()
    {
        var (alice, bid) = await AliceWithABidAsync();
        await using var client = await OutsideBus.StartAsync(market);
        var request = new CancelBid(new Caller(alice.OrganizationId, Roles.Tenant), bid.Id);
        var id = NewId.NextGuid();

        var answer = await client.AskAsync<CancelBid, BidView>(request, id, OutsideBus.Sign(request.Caller, id));

        Assert.True(answer.Is(out Response<BidView>? cancelled), $"expected the bid, got {(answer.Is(out Response<Problem>? p) ? p!.Message : null)}");
        Assert.Equal("cancelled", cancelled!.Message.Status);
        Assert.Equal("cancelled", (await alice.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);
    }

    [Fact]
    public async Task Should_refuse_to_list_a_cluster_for_a_forged_provider()
    {
        var provider = await market.NewOrganizationAsync("provider");
        await using var intruder = await OutsideBus.StartAsync(market);
        var clusterId = Guid.NewGuid();
        var listing = new ListCluster(new Caller(provider.OrganizationId, Roles.Provider), clusterId, "forged", "us-east-1", "H100-SXM-80GB",
            8, 4, new Interconnect("infiniband", 3200), 2.10m, Samples.NextHour, Samples.NextHour.AddDays(10));

        AssertUnauthorized(await intruder.AskAsync<ListCluster, ClusterView>(listing, NewId.NextGuid(), signature: null));
        var id = NewId.NextGuid();
        AssertUnauthorized(await intruder.AskAsync<ListCluster, ClusterView>(listing, id, OutsideBus.Sign(listing.Caller, id, OtherKey)));

        await ApiClient.AssertProblemAsync(await provider.Http.GetAsync($"/v1/clusters/{clusterId}"), HttpStatusCode.NotFound);
        Assert.Empty((await provider.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items);
    }

    [Fact]
    public async Task Should_refuse_a_batch_of_placements_unless_every_caller_is_signed_with_it_in_order()
    {
        var alice = await market.NewOrganizationAsync("tenant");
        var bob = await market.NewOrganizationAsync("tenant");
        var (forAlice, forBob) = (Placement(alice.OrganizationId), Placement(bob.OrganizationId));
        var batch = new PlaceBids([forAlice, forBob]);
        await using var client = await OutsideBus.StartAsync(market);

        AssertUnauthorized(await client.AskAsync<PlaceBids, PlaceBidsAnswered>(batch, NewId.NextGuid(), signature: null));
        // Signed for alice alone: bob's placement would ride on her signature.
        var id = NewId.NextGuid();
        AssertUnauthorized(await client.AskAsync<PlaceBids, PlaceBidsAnswered>(batch, id, OutsideBus.Sign(forAlice.Caller, id)));
        // Both callers, but not in the items' order.
        id = NewId.NextGuid();
        AssertUnauthorized(await client.AskAsync<PlaceBids, PlaceBidsAnswered>(batch, id, OutsideBus.Sign([forBob.Caller, forAlice.Caller], id)));
        Assert.Empty((await alice.GetAsync<Page<BidDto>>("/v1/bids")).Items);
        Assert.Empty((await bob.GetAsync<Page<BidDto>>("/v1/bids")).Items);

        id = NewId.NextGuid();
        var answer = await client.AskAsync<PlaceBids, PlaceBidsAnswered>(batch, id, OutsideBus.Sign([forAlice.Caller, forBob.Caller], id));

        Assert.True(answer.Is(out Response<PlaceBidsAnswered>? placed), "expected the outcomes");
        Assert.Equal([forAlice.BidId, forBob.BidId], placed!.Message.Outcomes.Select(o => o.Bid?.Id ?? Guid.Empty));
        Assert.Equal(forAlice.BidId, Assert.Single((await alice.GetAsync<Page<BidDto>>("/v1/bids")).Items).Id);
        Assert.Equal(forBob.BidId, Assert.Single((await bob.GetAsync<Page<BidDto>>("/v1/bids")).Items).Id);
    }

    private static PlaceBid Placement(Guid tenant) =>
        new(new Caller(tenant, Roles.Tenant), Guid.CreateVersion7(), "H100-SXM-80GB", 8, 4, Samples.NextHour, Samples.NextHour.AddDays(3),
            ["us-east-1"], null, 2.50m, null);

    private async Task<(ApiClient Alice, BidDto Bid)> AliceWithABidAsync()
    {
        var alice = await market.NewOrganizationAsync("tenant");
        return (alice, await alice.PostAsync<BidDto>("/v1/bids", Samples.Bid()));
    }

    private static void AssertUnauthorized<T>(Response<T, Problem> answer) where T : class
    {
        Assert.True(answer.Is(out Response<Problem>? problem), "expected a Problem, got the resource");
        Assert.Equal(401, problem!.Message.Status);
    }
}
