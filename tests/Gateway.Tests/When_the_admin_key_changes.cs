using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Gateway.Identity;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>MARKETPLACE_ADMIN_KEY is the way in for a fresh deployment; changing it and restarting retires the old key.</summary>
public sealed class When_the_admin_key_changes(GatewayAlone gateways) : IClassFixture<GatewayAlone>
{
    private const string AdminOrganization = "00000000-0000-0000-0000-00000000a0a0";

    [Fact]
    public async Task Should_revoke_the_earlier_seeded_key_and_let_the_new_one_in()
    {
        var oldKey = NewKey();
        var newKey = NewKey();
        var before = await gateways.StartAsync(Key(oldKey));
        Assert.Equal(HttpStatusCode.OK, await MeStatus(before, oldKey));

        var after = await gateways.StartAsync(Key(newKey)); // the restart, with the variable changed

        Assert.Equal(HttpStatusCode.OK, await MeStatus(after, newKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatus(after, oldKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatus(before, oldKey)); // an instance still running agrees at once
        var keys = await ListAdminKeys(after, newKey);
        Assert.Contains(keys, k => k["prefix"]!.GetValue<string>() == oldKey[..8] && k["revokedAt"] is not null);
        Assert.Contains(keys, k => k["prefix"]!.GetValue<string>() == newKey[..8] && k["revokedAt"] is null);
    }

    [Fact]
    public async Task Should_leave_exactly_one_seeded_key_working_when_instances_start_at_once()
    {
        var first = NewKey();
        var second = NewKey();
        var hosts = await Task.WhenAll(gateways.StartAsync(Key(first)), gateways.StartAsync(Key(second)));

        var working = new List<string>();
        foreach (var key in new[] { first, second })
            if (await MeStatus(hosts[0], key) == HttpStatusCode.OK) working.Add(key);
        Assert.Single(working);
    }

    [Theory]
    [InlineData(AdminKeyPolicy.DocumentedDefault)]
    [InlineData("mk_please-change-me-0123456789abcdefghijklmnop")]
    [InlineData("mk_please_CHANGE_ME_0123456789abcdefghijklmnop")]
    [InlineData("mk_only_twenty_chars")]
    public void Should_refuse_to_start_in_production_with_a_weak_key(string key)
    {
        var settings = Key(key);
        settings["environment"] = "Production";
        var host = gateways.Create(settings);

        var refused = Assert.ThrowsAny<Exception>(() => host.StartServer());

        var message = string.Join(" | ", Messages(refused));
        Assert.Contains("Refusing to start in Production", message);
        Assert.Contains(AdminKeyPolicy.Variable, message);
        Assert.DoesNotContain(key, message); // the refusal never echoes the secret
    }

    [Theory]
    [InlineData(AdminKeyPolicy.DocumentedDefault, true)]
    [InlineData("change-me", true)]
    [InlineData("mk_short", true)]
    [InlineData("mk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd", false)]
    public void Should_judge_keys_for_production_by_length_and_placeholders(string key, bool unfit)
    {
        Assert.Equal(unfit, AdminKeyPolicy.WhyUnfit(key) is not null);
    }

    private static IEnumerable<string> Messages(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e.Message;
    }

    private static Dictionary<string, string?> Key(string key) => new() { [AdminKeyPolicy.Variable] = key };

    private static string NewKey() => ApiKeys.Generate();

    private static async Task<HttpStatusCode> MeStatus(ServiceHost<Marketplace.Gateway.ServiceCalls.GatewayOptions> host, string key) =>
        (await GatewayAlone.Client(host, key).GetAsync("/v1/me")).StatusCode;

    private static async Task<List<JsonObject>> ListAdminKeys(ServiceHost<Marketplace.Gateway.ServiceCalls.GatewayOptions> host, string adminKey)
    {
        var page = await ApiClient.ReadSuccessAsync<JsonObject>(
            await GatewayAlone.Client(host, adminKey).GetAsync($"/v1/organizations/{AdminOrganization}/api-keys?limit=200"));
        return page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }
}
