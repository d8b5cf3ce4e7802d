using System.Text.Json;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>A receiver that answers 500 twice and then 200 gets the event three times, signed, and never again after the 200.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class When_a_webhook_receiver_fails_at_first(NotificationsMarket market)
{
    [Fact]
    public async Task Should_retry_until_a_2xx_and_then_never_send_that_event_again()
    {
        await using var receiver = await Receiver.StartAsync(n => (n <= 2 ? 500 : 200, TimeSpan.Zero));
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        var webhook = await Feed.CreateWebhookAsync(tenant, receiver.Url, "booking.cancelled");
        Assert.StartsWith("whsec_", webhook.Secret);
        await using var bus = await OutsideBus.StartAsync(market);
        var fact = Feed.Cancelled(tenant.OrganizationId, provider.OrganizationId);
        await bus.PublishAsync(fact, Guid.NewGuid());

        var attempts = await Eventually.Until(() => Feed.AttemptsAsync(tenant, webhook.Id), p => p.Items.Any(a => a.Status == "succeeded"),
            what: "delivered");
        var evt = Assert.Single(await Feed.AllAsync(tenant));
        Assert.Equal([3, 2, 1], attempts.Items.Select(a => a.Attempt));
        Assert.Equal(["succeeded", "retrying", "retrying"], attempts.Items.Select(a => a.Status));
        Assert.Equal([200, 500, 500], attempts.Items.Select(a => a.ResponseStatus));
        Assert.All(attempts.Items, a => Assert.Equal((evt.Id, "booking.cancelled"), (a.EventId, a.Type)));

        Assert.Equal(3, receiver.Requests.Count);
        foreach (var request in receiver.Requests)
        {
            Assert.True(Feed.SignatureIsValid(request.Signature, webhook.Secret!, request.Body), $"signature {request.Signature}");
            Assert.StartsWith("application/json", request.ContentType);
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal(evt.Id, body.RootElement.GetProperty("id").GetGuid());
            Assert.Equal("booking.cancelled", body.RootElement.GetProperty("type").GetString());
            Assert.Equal(fact.Booking.Id, body.RootElement.GetProperty("data").GetProperty("id").GetGuid());
        }
        Assert.False(Feed.SignatureIsValid(receiver.Requests.First().Signature, "whsec_wrong", receiver.Requests.First().Body));

        // A later event is delivered (first try); the first one was not sent again meanwhile.
        await bus.PublishAsync(Feed.Cancelled(tenant.OrganizationId, provider.OrganizationId), Guid.NewGuid());
        await Eventually.True(() => Task.FromResult(receiver.Requests.Count == 4), what: "the later event delivered");
        await Eventually.Until(() => Feed.AttemptsAsync(tenant, webhook.Id), p => p.Items.Count(a => a.Status == "succeeded") == 2, what: "recorded");
        Assert.Equal(3, receiver.Requests.Count(r => r.Body.Contains(evt.Id.ToString(), StringComparison.Ordinal)));
        Assert.Equal("succeeded", await market.ScalarAsync<string>("notifications",
            "select d.state from deliveries d join events e on e.seq = d.event_seq where e.id = @Id", evt));
    }

    [Fact]
    public async Task Should_retry_an_attempt_that_timed_out()
    {
        await using var receiver = await Receiver.StartAsync(n => (200, n == 1 ? TimeSpan.FromSeconds(4) : TimeSpan.Zero));
        var tenant = await market.NewOrganizationAsync("tenant");
        var webhook = await Feed.CreateWebhookAsync(tenant, receiver.Url, "bid.expired");
        await using var bus = await OutsideBus.StartAsync(market);
        await bus.PublishAsync(new Marketplace.Contracts.Bidding.BidExpired(Guid.NewGuid(), tenant.OrganizationId), Guid.NewGuid());

        var attempts = await Eventually.Until(() => Feed.AttemptsAsync(tenant, webhook.Id), p => p.Items.Any(a => a.Status == "succeeded"),
            what: "delivered after a timeout");
        Assert.Equal(["succeeded", "retrying"], attempts.Items.Select(a => a.Status));
        Assert.Null(attempts.Items[1].ResponseStatus);
        Assert.Contains("no answer within", attempts.Items[1].Error);
    }

    [Fact]
    public async Task Should_fail_a_body_over_64_KiB_without_sending_it()
    {
        await using var receiver = await Receiver.StartAsync(_ => (200, TimeSpan.Zero));
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        var webhook = await Feed.CreateWebhookAsync(tenant, receiver.Url, "booking.moved");
        var outage = Guid.NewGuid();
        var change = new Marketplace.Contracts.Allocation.BookingChange(DateTimeOffset.UtcNow, "moved", Guid.NewGuid(), 1,
            Samples.NextHour, Samples.NextHour.AddHours(1), 8m, 20m, Guid.NewGuid(), outage);
        var booking = Feed.Booking(tenant.OrganizationId, provider.OrganizationId, Enumerable.Repeat(change, 400).ToList());
        await using var bus = await OutsideBus.StartAsync(market);
        await bus.PublishAsync(new Marketplace.Contracts.Allocation.BookingMoved(booking, outage, change, provider.OrganizationId, provider.OrganizationId), Guid.NewGuid());

        var attempts = await Eventually.Until(() => Feed.AttemptsAsync(tenant, webhook.Id), p => p.Items.Count > 0, what: "the delivery given up");
        var attempt = Assert.Single(attempts.Items);
        Assert.Equal("failed", attempt.Status);
        Assert.Contains("65536-byte limit", attempt.Error);
        Assert.Empty(receiver.Requests);
        Assert.Single(await Feed.AllAsync(tenant)); // the feed still has it
    }

    [Fact]
    public async Task Should_refuse_at_delivery_an_address_webhooks_may_not_reach()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var webhook = await Feed.CreateWebhookAsync(tenant, "http://127.0.0.1:9/hook", "bid.expired");
        // As if the name had been public when the webhook was made and resolved inside the network since (DNS rebinding).
        await market.ExecuteAsync("notifications", "update webhooks set url = 'https://169.254.169.254/latest/meta-data' where id = @Id", webhook);
        await using var bus = await OutsideBus.StartAsync(market);
        await bus.PublishAsync(new Marketplace.Contracts.Bidding.BidExpired(Guid.NewGuid(), tenant.OrganizationId), Guid.NewGuid());

        var attempts = await Eventually.Until(() => Feed.AttemptsAsync(tenant, webhook.Id), p => p.Items.Count > 0, what: "an attempt");
        Assert.Equal("retrying", attempts.Items[^1].Status);
        Assert.Contains("169.254.169.254", attempts.Items[^1].Error);
        Assert.Contains("must not point to a private", attempts.Items[^1].Error);
        await tenant.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{webhook.Id}");
    }
}
