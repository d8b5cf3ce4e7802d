using Marketplace.Contracts.Bidding;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>
/// Every bid that does not win expires, and bidding's sweeper expires them in bursts: notifications stores their events
/// many to a transaction (one turn at the event store's lock for a batch, not one per expiry), each still once.
/// </summary>
[Collection(NotificationsCollection.Name)]
public sealed class When_many_bids_expire_at_once(NotificationsMarket market)
{
    private const int Expiries = 250;

    [Fact]
    public async Task Should_tell_each_expiry_once_and_store_them_together()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await using var bus = await OutsideBus.StartAsync(market);
        var expired = Enumerable.Range(0, Expiries).Select(_ => (Message: new BidExpired(Guid.NewGuid(), tenant.OrganizationId), Id: Guid.NewGuid())).ToList();

        await Task.WhenAll(expired.Select(e => bus.PublishAsync(e.Message, e.Id)));
        // A few redelivered (same message id): they change nothing.
        await Task.WhenAll(expired.Take(10).Select(e => bus.PublishAsync(e.Message, e.Id)));
        var events = await Feed.UntilAsync(tenant, e => e.Count >= Expiries, $"{Expiries} expiries told");
        await Eventually.True(async () => await market.ScalarAsync<long>("notifications",
            "select count(*) from inbox where message_id = any(@ids)", new { ids = expired.Select(e => e.Id).ToArray() }) == Expiries,
            what: "every expiry consumed");

        Assert.All(events, e => Assert.Equal("bid.expired", e.Type));
        Assert.Equal(expired.Select(e => e.Message.BidId).Order(), events.Select(e => e.Data.GetProperty("bidId").GetGuid()).Order());
        Assert.Equal(Expiries, (await Feed.AllAsync(tenant)).Count);
        // Rows written by one transaction share its id (xmin): a burst of expiries took far fewer transactions than events.
        var transactions = await market.ScalarAsync<long>("notifications",
            "select count(distinct xmin::text) from events where organization_id = @org", new { org = tenant.OrganizationId });
        Assert.InRange(transactions, 1, Expiries / 2);
    }

    [Fact]
    public async Task Should_tell_each_bid_of_a_sweeps_event_once_whichever_shape_tells_it()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var other = await market.NewOrganizationAsync("tenant");
        await using var bus = await OutsideBus.StartAsync(market);
        var sweep = Enumerable.Range(0, 40).Select(i => new BidExpired(Guid.NewGuid(), (i % 4 == 0 ? other : tenant).OrganizationId)).ToList();

        await bus.PublishAsync(new BidsExpired(sweep), Guid.NewGuid());
        // One of them also told alone, as a bidding instance not yet upgraded would.
        var lone = Guid.NewGuid();
        await bus.PublishAsync(sweep[1], lone);

        var events = await Feed.UntilAsync(tenant, e => e.Count >= 30, "the sweep's expiries told");
        Assert.Equal(sweep.Where(b => b.TenantId == tenant.OrganizationId).Select(b => b.BidId).Order(),
            events.Select(e => e.Data.GetProperty("bidId").GetGuid()).Order());
        Assert.Equal(10, (await Feed.UntilAsync(other, e => e.Count >= 10, "the other tenant's expiries told")).Count);
        await Eventually.True(async () => await market.ScalarAsync<long>("notifications",
            "select count(*) from inbox where message_id = @lone", new { lone }) == 1, what: "the lone expiry consumed");
        Assert.Equal(30, (await Feed.AllAsync(tenant)).Count);
    }
}
