using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Gateway.Tests;

/// <summary>
/// A gateway logging at its shipped levels (Information, appsettings.json), except its identity code at Debug, so a
/// test sees both that authentication logs and at which level.
/// </summary>
public sealed class TalkativeAuthenticationGateway : OneGateway
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Marketplace.Gateway.Identity"] = "Debug",
    };
}

/// <summary>API.md "Organizations and identity": keys have ids, are listed by prefix, revoked at once, shown once.</summary>
public sealed class When_api_keys_are_managed(TalkativeAuthenticationGateway gateway) : IClassFixture<TalkativeAuthenticationGateway>
{
    [Fact]
    public async Task Should_answer_a_new_key_with_its_id_and_creation_time()
    {
        var tenant = await gateway.NewOrganizationAsync("tenant");
        var response = await gateway.Admin().SendAsync(HttpMethod.Post, $"/v1/organizations/{tenant.OrganizationId}/api-keys", new { });
        var created = await ApiClient.ReadSuccessAsync<JsonObject>(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = created["id"]!.GetValue<Guid>();
        Assert.StartsWith("mk_", created["apiKey"]!.GetValue<string>());
        Assert.True(created["createdAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal($"/v1/organizations/{tenant.OrganizationId}/api-keys/{id}", response.Headers.Location?.OriginalString);
        var shown = await gateway.Admin().GetAsync<JsonObject>(response.Headers.Location!.OriginalString);
        Assert.Equal(id, shown["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Should_list_keys_by_prefix_and_never_the_keys_themselves()
    {
        var admin = gateway.Admin();
        var created = await admin.PostAsync<MarketplaceFixture.OrganizationCreated>("/v1/organizations", new { name = "two-keys", role = "provider" });
        var second = await admin.PostAsync<JsonObject>($"/v1/organizations/{created.Id}/api-keys");
        var secondKey = second["apiKey"]!.GetValue<string>();

        var response = await admin.Http.GetAsync($"/v1/organizations/{created.Id}/api-keys");
        var text = await response.Content.ReadAsStringAsync();
        var items = JsonNode.Parse(text)!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, items.Count);
        Assert.Equal(second["id"]!.GetValue<Guid>(), items[0]["id"]!.GetValue<Guid>()); // newest first
        Assert.Equal(secondKey[..8], items[0]["prefix"]!.GetValue<string>());
        Assert.Equal(created.ApiKey[..8], items[1]["prefix"]!.GetValue<string>());
        Assert.All(items, i => Assert.Null(i["revokedAt"]?.GetValue<DateTimeOffset?>()));
        Assert.DoesNotContain(secondKey, text);
        Assert.DoesNotContain(created.ApiKey, text);
    }

    [Fact]
    public async Task Should_page_keys_newest_first_without_gaps_or_repeats()
    {
        var admin = gateway.Admin();
        var tenant = await gateway.NewOrganizationAsync("tenant"); // with its first key
        var added = new List<Guid>();
        for (var i = 0; i < 2; i++) added.Add((await admin.PostAsync<JsonObject>($"/v1/organizations/{tenant.OrganizationId}/api-keys"))["id"]!.GetValue<Guid>());

        var paged = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await admin.GetAsync<JsonObject>(
                $"/v1/organizations/{tenant.OrganizationId}/api-keys?limit=1{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            paged.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);

        Assert.Equal(3, paged.Count);
        Assert.Equal([added[1], added[0]], paged.Take(2));
        var all = (await admin.GetAsync<JsonObject>($"/v1/organizations/{tenant.OrganizationId}/api-keys"))["items"]!.AsArray();
        Assert.Equal(all.Select(i => i!["id"]!.GetValue<Guid>()), paged);
    }

    [Fact]
    public async Task Should_answer_404_for_keys_of_an_unknown_organization_or_an_unknown_key()
    {
        var admin = gateway.Admin();
        var tenant = await gateway.NewOrganizationAsync("tenant");
        await ApiClient.AssertProblemAsync(await admin.Http.GetAsync($"/v1/organizations/{Guid.NewGuid()}/api-keys"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(
            await admin.Http.DeleteAsync($"/v1/organizations/{tenant.OrganizationId}/api-keys/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(
            await admin.Http.DeleteAsync($"/v1/organizations/{Guid.NewGuid()}/api-keys/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_refuse_a_revoked_key_from_the_moment_it_is_revoked()
    {
        var (admin, tenant, spare, spareClient) = await NewTenantWithASpareKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await spareClient.Http.GetAsync("/v1/me")).StatusCode);

        var path = $"/v1/organizations/{tenant.OrganizationId}/api-keys/{spare["id"]}";
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync(path)).StatusCode);

        await ApiClient.AssertProblemAsync(await spareClient.Http.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync(path)).StatusCode); // again: still 204
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync("/v1/me")).StatusCode); // the organization's other key still works
        var listed = await admin.GetAsync<JsonObject>($"/v1/organizations/{tenant.OrganizationId}/api-keys");
        Assert.Contains(listed["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == spare["id"]!.GetValue<Guid>() && i["revokedAt"] is not null);
    }

    /// <summary>A new tenant (with its first key) and a second key of its own, created by the admin.</summary>
    private async Task<(ApiClient Admin, ApiClient Tenant, JsonObject Spare, ApiClient SpareClient)> NewTenantWithASpareKeyAsync()
    {
        var admin = gateway.Admin();
        var tenant = await gateway.NewOrganizationAsync("tenant");
        var spare = await admin.PostAsync<JsonObject>($"/v1/organizations/{tenant.OrganizationId}/api-keys");
        return (admin, tenant, spare, gateway.Client(spare["apiKey"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_refuse_a_key_another_gateway_revoked_once_postgresql_tells_this_one()
    {
        var (_, tenant, spare, spareClient) = await NewTenantWithASpareKeyAsync();
        // Known: served from memory from now on (once the listener holds its lease, which it takes right after start).
        var known = gateway.Host.Services.GetRequiredService<Marketplace.Gateway.Identity.KnownKeys>();
        var hash = Marketplace.Gateway.Identity.ApiKeys.Hash(spare["apiKey"]!.GetValue<string>());
        await Eventually.True(async () => (await spareClient.Http.GetAsync("/v1/me")).StatusCode == HttpStatusCode.OK && known.TryGet(hash, out _),
            TimeSpan.FromSeconds(10), "the key remembered");

        // Revoked in the database as another instance does it, so this instance's own revoke path plays no part:
        // only the notification can make it forget (without one it would serve the key from memory for a minute).
        var db = gateway.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using (var connection = await db.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "update api_keys set revoked_at = now() where id = @id", new { id = spare["id"]!.GetValue<Guid>() });

        await Eventually.True(async () => (await spareClient.Http.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10), "the revoked key refused");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Should_replay_a_key_creation_as_the_same_key_without_the_key()
    {
        var admin = gateway.Admin();
        var tenant = await gateway.NewOrganizationAsync("tenant");
        var idempotencyKey = Guid.NewGuid().ToString();
        var path = $"/v1/organizations/{tenant.OrganizationId}/api-keys";

        var first = await admin.SendAsync(HttpMethod.Post, path, new { }, idempotencyKey);
        var replay = await admin.SendAsync(HttpMethod.Post, path, new { }, idempotencyKey);
        var firstBody = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var replayBody = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(firstBody["id"]!.GetValue<Guid>(), replayBody["id"]!.GetValue<Guid>());
        Assert.Null(replayBody["apiKey"]);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client(firstBody["apiKey"]!.GetValue<string>()).Http.GetAsync("/v1/me")).StatusCode);
        var keys = await admin.GetAsync<JsonObject>(path);
        Assert.Equal(2, keys["items"]!.AsArray().Count); // the replay created nothing
    }

    [Fact]
    public async Task Should_log_anonymous_and_failed_requests_at_debug_only()
    {
        var captured = new ConcurrentQueue<(string Category, LogLevel Level, string Message)>();
        using var provider = new CapturingLoggerProvider(captured);
        gateway.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(provider);

        await gateway.Client(null).Http.GetAsync("/v1/me");
        await gateway.Client("mk_no_such_key").Http.GetAsync("/v1/me");
        var tenant = await gateway.NewOrganizationAsync("tenant");
        await tenant.Http.GetAsync("/v1/organizations"); // forbidden

        var perRequest = captured.Where(e => e.Category.StartsWith("Marketplace.Gateway.Identity", StringComparison.Ordinal)
            || e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).ToList();
        Assert.Contains(perRequest, e => e.Level == LogLevel.Debug && e.Message.Contains("not authenticated", StringComparison.Ordinal));
        Assert.DoesNotContain(perRequest, e => e.Level >= LogLevel.Information);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<(string, LogLevel, string)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
