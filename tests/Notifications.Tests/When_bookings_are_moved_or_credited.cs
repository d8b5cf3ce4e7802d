using Marketplace.Contracts.Allocation;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>Allocation's outage effects (published here by the test) tell the tenant and each provider concerned once.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class When_bookings_are_moved_or_credited(NotificationsMarket market)
{
    [Fact]
    public async Task Should_tell_the_tenant_and_both_providers_of_a_move()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = await market.NewOrganizationAsync("provider");
        var to = await market.NewOrganizationAsync("provider");
        await using var bus = await OutsideBus.StartAsync(market);
        var booking = Feed.Booking(tenant.OrganizationId, from.OrganizationId);
        var outage = Guid.NewGuid();
        var change = new BookingChange(DateTimeOffset.UtcNow, "moved", Guid.NewGuid(), 1, booking.StartsAt, booking.EndsAt, 32m, 80m, booking.ClusterId, outage);
        await bus.PublishAsync(new BookingMoved(booking with { ProviderId = to.OrganizationId }, outage, change, from.OrganizationId, to.OrganizationId), Guid.NewGuid());

        foreach (var org in new[] { tenant, from, to })
        {
            var moved = Assert.Single(await Feed.UntilAsync(org, e => e.Count > 0, "the move told"));
            Assert.Equal("booking.moved", moved.Type);
            Assert.Equal(booking.Id, moved.Data.GetProperty("booking").GetProperty("id").GetGuid());
            Assert.Equal(outage, moved.Data.GetProperty("outageId").GetGuid());
            Assert.Equal("moved", moved.Data.GetProperty("change").GetProperty("kind").GetString());
            Assert.Equal(32m, moved.Data.GetProperty("change").GetProperty("gpuHours").GetDecimal());
        }
    }

    [Fact]
    public async Task Should_tell_a_provider_moved_within_its_own_clusters_once_and_a_credit_to_tenant_and_provider()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        await using var bus = await OutsideBus.StartAsync(market);
        var booking = Feed.Booking(tenant.OrganizationId, provider.OrganizationId);
        var outage = Guid.NewGuid();
        var moved = new BookingChange(DateTimeOffset.UtcNow, "moved", booking.ClusterId, 1, booking.StartsAt, booking.EndsAt, 32m, 80m, booking.ClusterId, outage);
        var credited = new BookingChange(DateTimeOffset.UtcNow, "credited", booking.ClusterId, 1, booking.StartsAt, booking.EndsAt, 8m, 20m, null, outage);
        await bus.PublishAsync(new BookingMoved(booking, outage, moved, provider.OrganizationId, provider.OrganizationId), Guid.NewGuid());
        await bus.PublishAsync(new BookingCredited(booking, outage, credited, provider.OrganizationId), Guid.NewGuid());

        foreach (var org in new[] { tenant, provider })
        {
            var events = await Feed.UntilAsync(org, e => e.Count >= 2, "the move and the credit told");
            Assert.Equal(["booking.credited", "booking.moved"], events.Select(e => e.Type).Order());
            var credit = events.Single(e => e.Type == "booking.credited");
            Assert.Equal(20m, credit.Data.GetProperty("change").GetProperty("amount").GetDecimal());
            Assert.Equal(booking.Id, credit.Data.GetProperty("booking").GetProperty("id").GetGuid());
        }
    }
}
