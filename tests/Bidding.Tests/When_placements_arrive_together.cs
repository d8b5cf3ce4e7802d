using Marketplace.Bidding.Bids;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// Issue 11: placements that arrive while a transaction is out are placed together in the next (BidPlacements). Each
/// still gets what it would get alone: the tenant's quota counts the bids earlier in the batch, a duplicate id answers
/// the first, a retried id answers the bid placed before, and every new bid is in one BidsPlaced, with the other new
/// bids of its transaction.
/// </summary>
public sealed class When_placements_arrive_together(ThreeOpenBidsMarketFixture market) : IClassFixture<ThreeOpenBidsMarketFixture>
{
    [Fact]
    public async Task Should_place_each_tenants_bids_up_to_its_quota_and_answer_repeated_ids_with_the_first()
    {
        var alice = await market.NewOrganizationAsync("tenant");
        var bob = await market.NewOrganizationAsync("tenant");
        var placedBefore = await alice.PostAsync<BidDto>("/v1/bids", Samples.Bid()); // one of alice's three
        var placements = market.BiddingHost.Services.GetRequiredService<BidPlacements>();
        var transactionsBefore = placements.Transactions;

        var aliceNew = Enumerable.Range(0, 4).Select(_ => Placement(alice.OrganizationId, Guid.CreateVersion7())).ToArray();
        var bobNew = Enumerable.Range(0, 2).Select(_ => Placement(bob.OrganizationId, Guid.CreateVersion7())).ToArray();
        PlaceBid[] all =
        [
            aliceNew[0], bobNew[0], aliceNew[1],
            aliceNew[1],                                      // the same id again, right behind it: counted once
            Placement(alice.OrganizationId, placedBefore.Id), // a retry of a bid placed before
            aliceNew[2], bobNew[1], aliceNew[3],
            aliceNew[0],                                      // the first placement's id, placed by an earlier transaction
        ];
        // Started without awaiting in between: the first goes out alone, those that arrive while it is out go together.
        var outcomes = await Task.WhenAll(all.Select(placements.PlaceAsync));

        Assert.True(placements.Transactions - transactionsBefore < all.Length, "placements were batched");
        // Alice had one open bid: her first two new ones fit, the last two exceed the quota of three.
        Assert.True(outcomes[0] is { Result: PlacementResult.New, Bid.Status: "open" });
        Assert.True(outcomes[2] is { Result: PlacementResult.New });
        Assert.True(outcomes[5] is { Result: PlacementResult.OverQuota, Bid: null } && outcomes[7] is { Result: PlacementResult.OverQuota, Bid: null });
        Assert.Equal(aliceNew[1].BidId, outcomes[3].Bid?.Id);
        Assert.Equal(PlacementResult.SameId, outcomes[3].Result);
        Assert.Equal(aliceNew[0].BidId, outcomes[8].Bid?.Id);
        Assert.Equal(PlacementResult.SameId, outcomes[8].Result);
        Assert.Equal(placedBefore.Id, outcomes[4].Bid?.Id);
        Assert.Equal(PlacementResult.SameId, outcomes[4].Result);
        // Bob's quota is his own.
        Assert.True(outcomes[1] is { Result: PlacementResult.New } && outcomes[6] is { Result: PlacementResult.New });

        var bidding = new BiddingService(market);
        Assert.Equal(3, (await alice.GetAsync<Page<BidDto>>("/v1/bids")).Items.Count(b => b.Status == "open"));
        Assert.Equal(2, (await bob.GetAsync<Page<BidDto>>("/v1/bids")).Items.Count(b => b.Status == "open"));
        var events = new HashSet<Guid>();
        var eventsCarrying = new HashSet<string>();
        foreach (var id in new[] { aliceNew[0], aliceNew[1], bobNew[0], bobNew[1] }.Select(p => p.BidId))
        {
            var placed = Assert.Single(await bidding.PlacedEventsAsync(id));
            Assert.Single(placed.Message.Bids, b => b.Id == id);
            foreach (var bid in placed.Message.Bids) events.Add(bid.Id);
            eventsCarrying.Add(string.Join(",", placed.Message.Bids.Select(b => b.Id)));
            Assert.Equal(["open"], await bidding.HistoryAsync(id));
        }
        // Four new bids in fewer events: the bids a transaction opened travel together.
        Assert.InRange(eventsCarrying.Count, 1, 3);
        // The events carry only new bids: no retried id, nothing over the quota.
        Assert.DoesNotContain(placedBefore.Id, events);
        Assert.DoesNotContain(aliceNew[2].BidId, events);
        Assert.DoesNotContain(aliceNew[3].BidId, events);
        Assert.Null(await bidding.StatusAsync(aliceNew[2].BidId));
        Assert.Null(await bidding.StatusAsync(aliceNew[3].BidId));
    }

    [Fact]
    public async Task Should_place_one_bid_per_Idempotency_Key_in_a_batch_and_answer_the_others_with_it()
    {
        // docs/decisions/0014: within one transaction the first placement with a free key takes it; the later ones with
        // the key answer its bid (the same request) or are refused (another request); a key placed before answers its bid.
        var carol = await market.NewOrganizationAsync("tenant");
        var placements = market.BiddingHost.Services.GetRequiredService<BidPlacements>();
        var before = await placements.PlaceAsync(Placement(carol.OrganizationId, Guid.CreateVersion7(), new PlacementKey("k-before", [1])));
        var same = new PlacementKey("k-batch", [2]);
        PlaceBid[] all =
        [
            Placement(carol.OrganizationId, Guid.CreateVersion7(), same),
            Placement(carol.OrganizationId, Guid.CreateVersion7(), same),                          // the same request again, its own id
            Placement(carol.OrganizationId, Guid.CreateVersion7(), new PlacementKey("k-batch", [3])), // the key, another request
            Placement(carol.OrganizationId, Guid.CreateVersion7(), new PlacementKey("k-before", [1])),
        ];

        var outcomes = await Task.WhenAll(all.Select(placements.PlaceAsync));

        Assert.Equal(PlacementResult.New, before.Result);
        Assert.True(outcomes[0] is { Result: PlacementResult.New });
        Assert.True(outcomes[1] is { Result: PlacementResult.Replayed } && outcomes[1].Bid!.Id == all[0].BidId);
        Assert.True(outcomes[2] is { Result: PlacementResult.KeyReused, Bid: null });
        Assert.True(outcomes[3] is { Result: PlacementResult.Replayed } && outcomes[3].Bid!.Id == before.Bid!.Id);
        Assert.Equal(2, (await carol.GetAsync<Page<BidDto>>("/v1/bids")).Items.Count);
    }

    private static PlaceBid Placement(Guid tenant, Guid bidId, PlacementKey? key = null)
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(2);
        return new PlaceBid(new Caller(tenant, Roles.Tenant), bidId, "H100-SXM-80GB", 16, 24, start, start.AddDays(3), ["us-east"],
            null, 2.50m, null, key);
    }
}
