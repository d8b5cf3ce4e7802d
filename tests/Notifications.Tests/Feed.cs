using System.Net;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Contracts.Allocation;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>Steps the notifications tests share: reading a whole feed, making webhooks, and facts to publish.</summary>
public static class Feed
{
    /// <summary>Every event of the caller's feed, page by page (<paramref name="limit"/> a page), oldest first.</summary>
    public static async Task<List<EventDto>> AllAsync(ApiClient client, int limit = 200)
    {
        var all = new List<EventDto>();
        string? after = null;
        while (true)
        {
            var page = await client.GetAsync<EventPageDto>($"/v1/events?limit={limit}{(after is null ? "" : $"&after={after}")}");
            Assert.NotNull(page.NextCursor);
            all.AddRange(page.Items);
            if (page.Items.Count == 0) return all;
            after = page.NextCursor;
        }
    }

    public static Task<List<EventDto>> UntilAsync(ApiClient client, Func<List<EventDto>, bool> done, string what) =>
        Eventually.Until(() => AllAsync(client), done, what: what);

    public static async Task<WebhookCreatedDto> CreateWebhookAsync(ApiClient client, string url, params string[] events)
    {
        var response = await client.SendAsync(HttpMethod.Post, "/v1/webhooks", new { url, events });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ApiClient.ReadSuccessAsync<WebhookCreatedDto>(response);
        Assert.Equal($"/v1/webhooks/{created.Id}", response.Headers.Location?.OriginalString);
        return created;
    }

    public static Task<AttemptPageDto> AttemptsAsync(ApiClient client, Guid webhookId) =>
        client.GetAsync<AttemptPageDto>($"/v1/webhooks/{webhookId}/deliveries?limit=200");

    /// <summary>Checks a Marketplace-Signature header the way a receiver would (docs/api.md "Verifying a webhook").</summary>
    public static bool SignatureIsValid(string? header, string secret, string body)
    {
        if (header is null) return false;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{body}"));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(mac)), Encoding.ASCII.GetBytes(parts["v1"]));
    }

    public static BookingView Booking(Guid tenant, Guid provider, IReadOnlyList<BookingChange>? changes = null)
    {
        var start = Samples.NextHour.AddDays(3);
        return new BookingView(Guid.NewGuid(), Guid.NewGuid(), tenant, provider, Guid.NewGuid(), "H100-SXM-80GB", 1, 8, start, start.AddHours(4),
            2.5m, 80m, "scheduled", DateTimeOffset.UtcNow, changes);
    }

    public static BookingCancelled Cancelled(Guid tenant, Guid provider) =>
        new(Booking(tenant, provider), "tenant", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1m);
}
