using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>Creating, listing and removing webhooks: who sees what, where a URL may point, and the answers to bad input.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class When_webhooks_are_managed(NotificationsMarket market)
{
    private static async Task<JsonObject> AssertInvalidAsync(ApiClient client, object body, string field, string? containing = null)
    {
        var problem = await ApiClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Post, "/v1/webhooks", body), HttpStatusCode.BadRequest);
        var messages = problem["errors"]?[field]?.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.True(messages is { Count: > 0 }, $"no error for {field}: {problem}");
        if (containing is not null) Assert.Contains(messages, m => m.Contains(containing, StringComparison.Ordinal));
        return problem;
    }

    [Theory]
    [InlineData("http://example.com/hook", "must use https")]
    [InlineData("https://10.0.0.1/hook", "must not point to a private")]
    [InlineData("https://192.168.1.20/hook", "must not point to a private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "must not point to a private")]
    [InlineData("https://[::1]/hook", "must not point to a private")]
    [InlineData("https://[fe80::1]/hook", "must not point to a private")]
    [InlineData("https://0.0.0.0/hook", "must not point to a private")]
    [InlineData("https://localhost/hook", "must name a public host")]
    [InlineData("http://localhost:8080/hook", "must use https")]
    [InlineData("ftp://example.com/hook", "absolute https URL")]
    [InlineData("/relative/hook", "absolute https URL")]
    [InlineData("https://user:pw@example.com/hook", "user name or password")]
    public async Task Should_refuse_a_url_webhooks_may_not_use(string url, string error)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await AssertInvalidAsync(tenant, new { url, events = new[] { "bid.won" } }, "url", error);
    }

    [Fact]
    public async Task Should_accept_an_https_url_and_an_allowed_host_over_http()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await Feed.CreateWebhookAsync(tenant, "https://hooks.example.com/marketplace", "bid.won");
        await Feed.CreateWebhookAsync(tenant, "http://127.0.0.1:9/hook", "bid.won", "booking.confirmed");
    }

    [Fact]
    public async Task Should_refuse_bad_events_and_bodies_with_field_errors()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var provider = await market.NewOrganizationAsync("provider");
        await AssertInvalidAsync(tenant, new { url = "https://hooks.example.com/x", events = Array.Empty<string>() }, "events");
        await AssertInvalidAsync(tenant, new { url = "https://hooks.example.com/x" }, "events");
        await AssertInvalidAsync(tenant, new { url = "https://hooks.example.com/x", events = new[] { "bid.lost" } }, "events", "not an event type");
        await AssertInvalidAsync(tenant, new { url = "https://hooks.example.com/x", events = new[] { "bid.won", "bid.won" } }, "events", "twice");
        await AssertInvalidAsync(tenant, new { url = "https://hooks.example.com/x", events = new[] { "reconciliation.completed" } }, "events", "tenants are not sent");
        await AssertInvalidAsync(provider, new { url = "https://hooks.example.com/x", events = new[] { "bid.won" } }, "events", "providers are not sent");
        await AssertInvalidAsync(tenant, new { events = new[] { "bid.won" } }, "url", "is required");
        await AssertInvalidAsync(tenant, new { url = "https://hooks.example.com/" + new string('a', 2100), events = new[] { "bid.won" } }, "url");
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/webhooks", "{\"url\": "), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/webhooks", "{\"url\": 5, \"events\": \"bid.won\"}"), HttpStatusCode.BadRequest);

        var badCursor = await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync("/v1/events?after=not-a-cursor"), HttpStatusCode.BadRequest);
        Assert.NotNull(badCursor["errors"]?["after"]);
        var badLimit = await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync("/v1/events?limit=0"), HttpStatusCode.BadRequest);
        Assert.NotNull(badLimit["errors"]?["limit"]);
        await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync("/v1/events?limit=201"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_show_the_secret_once_and_keep_each_organizations_webhooks_to_itself()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var other = await market.NewOrganizationAsync("provider");
        var body = new { url = "https://hooks.example.com/a", events = new[] { "booking.confirmed" } };
        var first = await ApiClient.ReadSuccessAsync<WebhookCreatedDto>(await tenant.SendAsync(HttpMethod.Post, "/v1/webhooks", body, "key-1"));
        var replay = await tenant.SendAsync(HttpMethod.Post, "/v1/webhooks", body, "key-1");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        var replayed = await ApiClient.ReadSuccessAsync<WebhookCreatedDto>(replay);
        Assert.Equal((first.Id, (string?)null), (replayed.Id, replayed.Secret));
        Assert.NotNull(first.Secret);

        var listed = Assert.Single((await tenant.GetAsync<WebhookListDto>("/v1/webhooks")).Items);
        Assert.Equal((first.Id, "https://hooks.example.com/a"), (listed.Id, listed.Url));
        Assert.Equal(["booking.confirmed"], listed.Events);
        Assert.DoesNotContain("secret", await (await tenant.Http.GetAsync("/v1/webhooks")).Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await other.GetAsync<WebhookListDto>("/v1/webhooks")).Items);

        // Another organization's webhook does not exist for it.
        await ApiClient.AssertProblemAsync(await other.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{first.Id}"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await other.Http.GetAsync($"/v1/webhooks/{first.Id}/deliveries"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync($"/v1/webhooks/{Guid.NewGuid()}/deliveries"), HttpStatusCode.NotFound);
        Assert.Empty((await Feed.AttemptsAsync(tenant, first.Id)).Items);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{first.Id}")).StatusCode);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Delete, $"/v1/webhooks/{first.Id}"), HttpStatusCode.NotFound);
        Assert.Empty((await tenant.GetAsync<WebhookListDto>("/v1/webhooks")).Items);
    }

    [Fact]
    public async Task Should_refuse_a_webhook_over_the_quota()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        for (var i = 0; i < NotificationsMarket.MaxWebhooks; i++)
            await Feed.CreateWebhookAsync(tenant, $"https://hooks.example.com/{i}", "bid.won");
        var problem = await ApiClient.AssertProblemAsync(
            await tenant.SendAsync(HttpMethod.Post, "/v1/webhooks", new { url = "https://hooks.example.com/more", events = new[] { "bid.won" } }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"at most {NotificationsMarket.MaxWebhooks} webhooks", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_answer_401_without_a_key()
    {
        var anonymous = market.Client(apiKey: null);
        await ApiClient.AssertProblemAsync(await anonymous.Http.GetAsync("/v1/events"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertProblemAsync(await anonymous.Http.GetAsync("/v1/webhooks"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertProblemAsync(await anonymous.SendAsync(HttpMethod.Post, "/v1/webhooks",
            new { url = "https://hooks.example.com/x", events = new[] { "bid.won" } }), HttpStatusCode.Unauthorized);
        await ApiClient.AssertProblemAsync(await market.Client("mk_not_a_key").Http.GetAsync("/v1/events"), HttpStatusCode.Unauthorized);
    }
}
