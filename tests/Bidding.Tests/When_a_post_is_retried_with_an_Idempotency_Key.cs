using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts.Bidding;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>API.md "Idempotency-Key": a retry returns the first answer and creates nothing new; another body is 422.</summary>
[Collection(QuietMarket.Name)]
public sealed class When_a_post_is_retried_with_an_Idempotency_Key(QuietMarketFixture market)
{
    private const string Header = "Idempotency-Key";

    [Fact]
    public async Task Should_return_the_first_answer_and_create_one_bid()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var body = Samples.Bid(gpuCount: 32);
        var key = NewKey();

        var first = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key));
        var retry = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        first.AssertSameAs(retry);
        Assert.Equal("true", retry.Replayed);
        Assert.Single(await BidsOf(tenant));
        Assert.Single(await new BiddingService(market).PlacedEventsAsync(first.Id));
    }

    [Fact]
    public async Task Should_replay_the_bid_as_first_answered_after_it_was_cancelled()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var body = Samples.Bid(gpuCount: 8);
        var key = NewKey();
        var first = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key));
        Assert.Equal("cancelled", (await ApiClient.ReadSuccessAsync<BidDto>(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{first.Id}"))).Status);

        var retry = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key));

        first.AssertSameAs(retry);
        Assert.Equal("true", retry.Replayed);
        Assert.Equal("open", JsonNode.Parse(retry.Body)!["status"]!.GetValue<string>());
        Assert.Single(await BidsOf(tenant));
    }

    [Fact]
    public async Task Should_replay_a_bid_whose_body_no_longer_passes_the_rules()
    {
        // A retry may come after the body stopped passing (its expiresAt went by): the key still answers its bid, and
        // only a key that placed nothing lets the rules refuse the body.
        var tenant = await market.NewOrganizationAsync("tenant");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var body = Samples.Bid(gpuCount: 8, expiresAt: expiresAt);
        var key = NewKey();
        var first = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key));
        Assert.Equal(HttpStatusCode.Created, first.Status);
        await Eventually.Until(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > expiresAt.AddSeconds(1), what: "the bid's expiresAt passes");

        var retry = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key));
        var otherBody = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 9, expiresAt: expiresAt), key);
        var otherKey = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, NewKey());

        first.AssertSameAs(retry);
        Assert.Equal("true", retry.Replayed);
        await ApiClient.AssertProblemAsync(otherBody, (HttpStatusCode)422);
        var refused = await ApiClient.AssertProblemAsync(otherKey, HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]?["expiresAt"]);
        Assert.Equal([first.Id], (await BidsOf(tenant)).Select(b => b.Id));
    }

    [Fact]
    public async Task Should_keep_the_key_with_the_bid_in_bidding_and_nothing_in_the_gateway()
    {
        // docs/decisions/0014: the key is written in the placement's own transaction; the gateway claims nothing.
        var tenant = await market.NewOrganizationAsync("tenant");
        var key = NewKey();
        var first = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key));

        await using var bidding = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        await using var gateway = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("gateway")));
        Assert.Equal([first.Id], (await bidding.QueryAsync<Guid>(
            "select bid_id from placement_keys where tenant_id = @org and key = @key", new { org = tenant.OrganizationId, key })).ToList());
        Assert.Equal(0, await gateway.ExecuteScalarAsync<int>("select count(*) from idempotency_records where key = @key", new { key }));
    }

    [Fact]
    public async Task Should_treat_the_same_fields_in_another_order_and_spacing_as_the_same_body()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var key = NewKey();
        var first = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key));

        var reordered = new JsonObject(JsonNode.Parse(first.Body)!.AsObject()
            .Where(p => p.Key is "gpuModel" or "gpuCount" or "durationHours" or "earliestStart" or "latestStart" or "regions" or "maxPricePerGpuHour")
            .Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        reordered["expiresAt"] = null;
        var retry = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", "  " + reordered.ToJsonString().Replace(",", " ,\n "), key));

        first.AssertSameAs(retry);
        Assert.Single(await BidsOf(tenant));
    }

    [Fact]
    public async Task Should_refuse_the_same_key_with_another_body_with_422()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var key = NewKey();
        var first = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key));
        Assert.Equal(HttpStatusCode.Created, first.Status);

        var other = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 9), key);

        var problem = await ApiClient.AssertProblemAsync(other, (HttpStatusCode)422);
        Assert.Contains(Header, problem["detail"]!.GetValue<string>());
        Assert.Equal([first.Id], (await BidsOf(tenant)).Select(b => b.Id));
        // The key still answers its own body.
        first.AssertSameAs(await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key)));
    }

    [Fact]
    public async Task Should_create_one_bid_when_duplicates_arrive_together()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var body = Samples.Bid(gpuCount: 64);
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body, key))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.All(answers, a => answers[0].AssertSameAs(a));
        Assert.Equal(9, answers.Count(a => a.Replayed == "true"));
        Assert.Equal([answers[0].Id], (await BidsOf(tenant)).Select(b => b.Id));
        Assert.Single(await new BiddingService(market).PlacedEventsAsync(answers[0].Id));
    }

    [Fact]
    public async Task Should_give_each_of_many_keys_posted_at_once_its_own_bid_and_replay()
    {
        // The claims and answers of concurrent requests go to the database in batches (WriteBatcher): each key still
        // gets its own bid, and each retry that key's first answer. Duplicates ride along in the same batches.
        var tenant = await market.NewOrganizationAsync("tenant");
        var keys = Enumerable.Range(0, 24).Select(_ => NewKey()).ToArray();
        var bodies = keys.Select((_, i) => Samples.Bid(gpuCount: 8 + i)).ToArray();

        var firsts = await Task.WhenAll(keys.Select(async (key, i) =>
            await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", bodies[i], key))));
        var retries = await Task.WhenAll(keys.Concat(keys).Select(async (key, i) =>
            (Index: i % keys.Length, Answer: await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", bodies[i % keys.Length], key)))));

        Assert.All(firsts, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Equal(keys.Length, firsts.Select(a => a.Id).Distinct().Count());
        Assert.All(retries, r => firsts[r.Index].AssertSameAs(r.Answer));
        Assert.All(retries, r => Assert.Equal("true", r.Answer.Replayed));
        Assert.Equal(firsts.Select(a => a.Id).Order(), (await BidsOf(tenant)).Select(b => b.Id).Order());
    }

    [Fact]
    public async Task Should_keep_the_keys_of_different_organizations_apart()
    {
        var alice = await market.NewOrganizationAsync("tenant");
        var bob = await market.NewOrganizationAsync("tenant");
        const string key = "order-0001";

        var alices = await Answer.ReadAsync(await alice.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key));
        var bobs = await Answer.ReadAsync(await bob.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 16), key));

        Assert.Equal(HttpStatusCode.Created, alices.Status);
        Assert.Equal(HttpStatusCode.Created, bobs.Status);
        Assert.Null(bobs.Replayed);
        Assert.NotEqual(alices.Id, bobs.Id);
        Assert.Equal([alices.Id], (await BidsOf(alice)).Select(b => b.Id));
        Assert.Equal([bobs.Id], (await BidsOf(bob)).Select(b => b.Id));
    }

    // An empty key cannot be tested from here: HttpClient drops a header with an empty value before it is sent.
    [Theory]
    [InlineData("129")]
    [InlineData("clé-non-ascii")]
    [InlineData("tab\tinside")]
    [InlineData("bell\u0007")]
    public async Task Should_refuse_an_invalid_key_with_400_and_create_nothing(string key)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/bids") { Content = System.Net.Http.Json.JsonContent.Create(Samples.Bid(), options: ApiClient.Json) };
        request.Headers.TryAddWithoutValidation(Header, key == "129" ? new string('k', 129) : key);

        var problem = await ApiClient.AssertProblemAsync(await tenant.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]?[Header]);
        Assert.Empty(await BidsOf(tenant));
    }

    [Fact]
    public async Task Should_accept_a_key_of_128_printable_characters()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var key = string.Concat(Enumerable.Range(0, 128).Select(i => (char)(0x21 + i % 94)));
        var first = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(), key));
        var retry = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(), key));
        Assert.Equal(HttpStatusCode.Created, first.Status);
        first.AssertSameAs(retry);
        Assert.Single(await BidsOf(tenant));
    }

    [Fact]
    public async Task Should_let_a_refused_request_be_corrected_under_the_same_key()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var key = NewKey();

        var refused = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 0), key);
        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        var again = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 0), key);
        await ApiClient.AssertProblemAsync(again, HttpStatusCode.BadRequest);
        // A refusal created nothing, so nothing is pinned to the key: the fixed body goes through.
        var corrected = await Answer.ReadAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8), key));
        Assert.Equal(HttpStatusCode.Created, corrected.Status);
        Assert.Equal([corrected.Id], (await BidsOf(tenant)).Select(b => b.Id));
    }

    [Fact]
    public async Task Should_apply_to_creating_organizations_too()
    {
        var admin = market.Admin();
        var name = $"acme-{Guid.NewGuid():N}"[..16];
        var key = NewKey();

        var first = await Answer.ReadAsync(await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name, role = "tenant" }, key));
        var retry = await Answer.ReadAsync(await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name, role = "tenant" }, key));
        var other = await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name, role = "provider" }, key);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            await Answer.ReadAsync(await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name = name + "-c", role = "tenant" }, key + "-c"))));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        // API.md: a replayed creation answers the same organization without apiKey (secrets are shown once).
        first.AssertSameResourceAs(retry);
        Assert.Null(JsonNode.Parse(retry.Body)!["apiKey"]);
        await ApiClient.AssertProblemAsync(other, (HttpStatusCode)422);
        Assert.All(concurrent, a => concurrent[0].AssertSameResourceAs(a));
        Assert.Single(concurrent, a => JsonNode.Parse(a.Body)!["apiKey"] is not null);
        var organizations = (await admin.GetAsync<Page<JsonObject>>("/v1/organizations?limit=200")).Items;
        Assert.Single(organizations, o => o["name"]!.GetValue<string>() == name);
        Assert.Single(organizations, o => o["name"]!.GetValue<string>() == name + "-c");
        // The key of the first answer is the one that works.
        var apiKey = JsonNode.Parse(first.Body)!["apiKey"]!.GetValue<string>();
        Assert.Equal(first.Id, (await market.Client(apiKey).GetAsync<JsonObject>("/v1/me"))["id"]!.GetValue<Guid>());
        var invalid = await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name, role = "tenant" }, new string('x', 129));
        await ApiClient.AssertProblemAsync(invalid, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_never_store_an_api_key_for_replays()
    {
        var admin = market.Admin();
        var key = NewKey();
        var created = await Answer.ReadAsync(await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name = "keyless-replay", role = "tenant" }, key));
        var organizationKey = JsonNode.Parse(created.Body)!["apiKey"]!.GetValue<string>();
        var issued = await Answer.ReadAsync(await admin.SendAsync(HttpMethod.Post, $"/v1/organizations/{created.Id}/api-keys", new { }, key + "-k"));
        var secondKey = JsonNode.Parse(issued.Body)!["apiKey"]!.GetValue<string>();

        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("gateway")));
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select response_body from idempotency_records where key in (@a, @b)", connection);
        read.Parameters.AddWithValue("a", key);
        read.Parameters.AddWithValue("b", key + "-k");
        var stored = new List<string>();
        await using (var rows = await read.ExecuteReaderAsync())
            while (await rows.ReadAsync()) stored.Add(rows.GetString(0));

        Assert.Equal(2, stored.Count);
        Assert.All(stored, body =>
        {
            Assert.DoesNotContain(organizationKey, body);
            Assert.DoesNotContain(secondKey, body);
            Assert.DoesNotContain("apiKey", body);
        });
        // The replay of the key's creation names the same key, which still works.
        var replayed = await Answer.ReadAsync(await admin.SendAsync(HttpMethod.Post, $"/v1/organizations/{created.Id}/api-keys", new { }, key + "-k"));
        issued.AssertSameResourceAs(replayed);
        Assert.Equal(created.Id, (await market.Client(secondKey).GetAsync<JsonObject>("/v1/me"))["id"]!.GetValue<Guid>());
    }

    private static string NewKey() => $"key-{Guid.NewGuid()}";

    private static async Task<List<BidDto>> BidsOf(ApiClient tenant) => (await tenant.GetAsync<Page<BidDto>>("/v1/bids?limit=200")).Items;

    /// <summary>What a client gets back, to compare a first answer with a replay.</summary>
    private sealed record Answer(HttpStatusCode Status, string? Location, string? Replayed, string Body)
    {
        public Guid Id => JsonNode.Parse(Body)!["id"]!.GetValue<Guid>();

        public static async Task<Answer> ReadAsync(HttpResponseMessage response) => new(
            response.StatusCode, response.Headers.Location?.OriginalString,
            response.Headers.TryGetValues("Idempotent-Replayed", out var values) ? values.Single() : null,
            await response.Content.ReadAsStringAsync());

        public void AssertSameAs(Answer other)
        {
            Assert.Equal(Status, other.Status);
            Assert.NotNull(Location);
            Assert.Equal(Location, other.Location);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Body), JsonNode.Parse(other.Body)), $"{Body}\n!=\n{other.Body}");
        }

        /// <summary>The same status, Location and id: for creations whose first answer carries a secret the replay leaves out.</summary>
        public void AssertSameResourceAs(Answer other)
        {
            Assert.Equal(Status, other.Status);
            Assert.NotNull(Location);
            Assert.Equal(Location, other.Location);
            Assert.Equal(Id, other.Id);
        }
    }
}
