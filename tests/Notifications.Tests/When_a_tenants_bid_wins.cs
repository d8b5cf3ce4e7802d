using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>A bid wins through the real market: the tenant's feed tells the win, then the confirmation; the provider the confirmation.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class When_a_tenants_bid_wins(NotificationsMarket market)
{
    [Fact]
    public async Task Should_show_the_tenant_bid_won_then_booking_confirmed_once_each_and_the_provider_the_confirmation()
    {
        var region = $"notify-{Guid.NewGuid():N}"[..20];
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var stranger = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(region: region, nodeCount: 2, ask: 2.10m));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuCount: 8, durationHours: 4, maxPrice: 3m, regions: [region]));

        var events = await Feed.UntilAsync(tenant, e => e.Any(x => x.Type == "booking.confirmed"), "the tenant told of the confirmation");
        var won = await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}");
        Assert.Equal(["bid.won", "booking.confirmed"], events.Select(e => e.Type));
        Assert.Equal(bid.Id, events[0].Data.GetProperty("bidId").GetGuid());
        Assert.Equal(won.BookingId, events[0].Data.GetProperty("bookingId").GetGuid());
        Assert.Equal(2.1m, events[0].Data.GetProperty("pricePerGpuHour").GetDecimal());
        Assert.Equal(won.BookingId, events[1].Data.GetProperty("id").GetGuid());
        Assert.Equal(tenant.OrganizationId, events[1].Data.GetProperty("tenantId").GetGuid());

        var seen = await Feed.UntilAsync(provider, e => e.Count > 0, "the provider told of the confirmation");
        var confirmed = Assert.Single(seen);
        Assert.Equal(("booking.confirmed", won.BookingId), (confirmed.Type, (Guid?)confirmed.Data.GetProperty("id").GetGuid()));
        Assert.NotEqual(events[1].Id, confirmed.Id); // each organization has its own event

        Assert.Empty(await Feed.AllAsync(stranger));
        Assert.Empty(await Feed.AllAsync(market.Admin()));

        // Nothing arrives twice later (the award's own answer and the confirmation both tell the win).
        await Eventually.True(async () => await market.ScalarAsync<long>("notifications",
            "select count(*) from inbox where consumer = 'NotifyAwardsAnsweredConsumer'") > 0, what: "the award's answer consumed");
        Assert.Equal(["bid.won", "booking.confirmed"], (await Feed.AllAsync(tenant)).Select(e => e.Type));
    }

    [Fact]
    public async Task Should_page_the_feed_forwards_giving_each_event_once_and_a_cursor_to_poll_with()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        await using var bus = await OutsideBus.StartAsync(market);
        var bookings = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var cancelled = Feed.Cancelled(tenant.OrganizationId, provider.OrganizationId);
            bookings.Add(cancelled.Booking.Id);
            await bus.PublishAsync(cancelled, Guid.NewGuid());
        }
        await Feed.UntilAsync(tenant, e => e.Count == 5, "five events");

        var read = new List<EventDto>();
        string? after = null;
        for (var pages = 0; pages < 3; pages++)
        {
            var page = await tenant.GetAsync<EventPageDto>($"/v1/events?limit=2{(after is null ? "" : $"&after={after}")}");
            read.AddRange(page.Items);
            after = page.NextCursor;
        }
        Assert.Equal(5, read.Select(e => e.Id).Distinct().Count());
        Assert.Equal(bookings.Order(), read.Select(e => e.Data.GetProperty("id").GetGuid()).Order());

        // At the end: no items, and the same cursor again to poll with; a new event then comes after it.
        var end = await tenant.GetAsync<EventPageDto>($"/v1/events?after={after}");
        Assert.Empty(end.Items);
        Assert.Equal(after, end.NextCursor);
        await bus.PublishAsync(Feed.Cancelled(tenant.OrganizationId, provider.OrganizationId), Guid.NewGuid());
        var next = await Eventually.Until(() => tenant.GetAsync<EventPageDto>($"/v1/events?after={after}"), p => p.Items.Count > 0, what: "the new event");
        Assert.Single(next.Items);
        Assert.DoesNotContain(next.Items[0].Id, read.Select(e => e.Id));

        // A first read of an empty feed also gives a cursor.
        var empty = await (await market.NewOrganizationAsync("tenant")).GetAsync<EventPageDto>("/v1/events");
        Assert.Empty(empty.Items);
        Assert.False(string.IsNullOrEmpty(empty.NextCursor));
    }
}
