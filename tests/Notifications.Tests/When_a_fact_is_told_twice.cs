using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>A redelivered message (same id) and a re-published copy (new id) of the same fact make one event.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class When_a_fact_is_told_twice(NotificationsMarket market)
{
    [Fact]
    public async Task Should_store_the_event_once()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        await using var bus = await OutsideBus.StartAsync(market);
        var fact = Feed.Cancelled(tenant.OrganizationId, provider.OrganizationId);
        var first = Guid.NewGuid();
        var copy = Guid.NewGuid();

        await bus.PublishAsync(fact, first);
        await Feed.UntilAsync(tenant, e => e.Count == 1, "the cancellation told");
        await bus.PublishAsync(fact, first);
        await bus.PublishAsync(fact, copy);
        // A later fact on the same queue: once it is told, the copies before it have been handled.
        var later = Feed.Cancelled(tenant.OrganizationId, provider.OrganizationId);
        await bus.PublishAsync(later, Guid.NewGuid());
        await Eventually.True(async () => await market.ScalarAsync<long>("notifications",
            "select count(*) from inbox where message_id = @copy", new { copy }) == 1, what: "the re-published copy consumed");
        var events = await Feed.UntilAsync(tenant, e => e.Any(x => x.Data.GetProperty("id").GetGuid() == later.Booking.Id), "the later fact told");

        Assert.Equal(2, events.Count);
        Assert.Single(events, e => e.Data.GetProperty("id").GetGuid() == fact.Booking.Id);
        Assert.Single(await Feed.AllAsync(provider), e => e.Data.GetProperty("id").GetGuid() == fact.Booking.Id);
    }
}
