using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>API.md "Bids", the rules: every one is a 400 problem naming the field; nothing malformed is ever a 500.</summary>
[Collection(QuietMarket.Name)]
public sealed class When_a_tenant_places_a_bid(QuietMarketFixture market)
{
    private static DateTimeOffset Next => Samples.NextHour;
    private static JsonNode Iso(DateTimeOffset t) => JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"))!;

    /// <summary>Each case changes one thing of a valid bid and names the field the 400 must point at.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Change, string Field)> InvalidCases = new()
    {
        ["gpuModel missing"] = (b => b.Remove("gpuModel"), "gpuModel"),
        ["gpuModel empty"] = (b => b["gpuModel"] = "", "gpuModel"),
        ["gpuModel not in the catalog"] = (b => b["gpuModel"] = "H100", "gpuModel"),
        ["gpuCount missing"] = (b => b.Remove("gpuCount"), "gpuCount"),
        ["gpuCount 0"] = (b => b["gpuCount"] = 0, "gpuCount"),
        ["gpuCount negative"] = (b => b["gpuCount"] = -8, "gpuCount"),
        ["gpuCount 100001"] = (b => b["gpuCount"] = 100001, "gpuCount"),
        ["durationHours missing"] = (b => b.Remove("durationHours"), "durationHours"),
        ["durationHours 0"] = (b => b["durationHours"] = 0, "durationHours"),
        ["durationHours 4369"] = (b => b["durationHours"] = 4369, "durationHours"),
        ["earliestStart missing"] = (b => b.Remove("earliestStart"), "earliestStart"),
        ["earliestStart on the half hour"] = (b => b["earliestStart"] = Iso(Next.AddMinutes(30)), "earliestStart"),
        ["earliestStart one second past the hour"] = (b => b["earliestStart"] = Iso(Next.AddSeconds(1)), "earliestStart"),
        ["earliestStart with a fraction"] = (b => b["earliestStart"] = Iso(Next.AddMilliseconds(1)), "earliestStart"),
        ["earliestStart after latestStart"] = (b => { b["earliestStart"] = Iso(Next.AddDays(4)); b["latestStart"] = Iso(Next.AddDays(3)); }, "earliestStart"),
        ["latestStart missing"] = (b => b.Remove("latestStart"), "latestStart"),
        ["latestStart not on the hour"] = (b => b["latestStart"] = Iso(Next.AddDays(3).AddMinutes(1)), "latestStart"),
        ["latestStart in the past"] = (b => { b["earliestStart"] = Iso(Next.AddDays(-2)); b["latestStart"] = Iso(Next.AddHours(-2)); }, "latestStart"),
        ["latestStart more than 26 weeks ahead"] = (b => b["latestStart"] = Iso(Next.AddDays(7 * 26).AddHours(1)), "latestStart"),
        ["regions 21 of them"] = (b => b["regions"] = new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)JsonValue.Create($"r-{i}")!).ToArray()), "regions"),
        ["regions upper case"] = (b => b["regions"] = new JsonArray("US-EAST-1"), "regions[0]"),
        ["regions empty string"] = (b => b["regions"] = new JsonArray(""), "regions[0]"),
        ["regions null entry"] = (b => b["regions"] = new JsonArray((JsonNode?)null), "regions[0]"),
        ["regions with a space"] = (b => b["regions"] = new JsonArray("us-east-1", "eu west"), "regions[1]"),
        ["regions 65 characters"] = (b => b["regions"] = new JsonArray(new string('a', 65)), "regions[0]"),
        ["interconnect kind unknown"] = (b => b["interconnect"] = new JsonObject { ["kind"] = "carrier-pigeon" }, "interconnect.kind"),
        ["interconnect minGbpsPerNode 0"] = (b => b["interconnect"] = new JsonObject { ["minGbpsPerNode"] = 0 }, "interconnect.minGbpsPerNode"),
        ["maxPricePerGpuHour missing"] = (b => b.Remove("maxPricePerGpuHour"), "maxPricePerGpuHour"),
        ["maxPricePerGpuHour 0"] = (b => b["maxPricePerGpuHour"] = 0, "maxPricePerGpuHour"),
        ["maxPricePerGpuHour negative"] = (b => b["maxPricePerGpuHour"] = -2.5m, "maxPricePerGpuHour"),
        ["maxPricePerGpuHour 1000.0001"] = (b => b["maxPricePerGpuHour"] = 1000.0001m, "maxPricePerGpuHour"),
        ["maxPricePerGpuHour 5 decimals"] = (b => b["maxPricePerGpuHour"] = 2.12345m, "maxPricePerGpuHour"),
        ["expiresAt in the past"] = (b => b["expiresAt"] = Iso(DateTimeOffset.UtcNow.AddMinutes(-1)), "expiresAt"),
        // Wrong JSON types and unreadable values: the binder's 400 names the field too.
        ["gpuCount a word"] = (b => b["gpuCount"] = "sixteen", "gpuCount"),
        ["gpuCount a fraction"] = (b => b["gpuCount"] = 16.5, "gpuCount"),
        ["gpuCount beyond int"] = (b => b["gpuCount"] = 1e12, "gpuCount"),
        ["gpuCount a boolean"] = (b => b["gpuCount"] = true, "gpuCount"),
        ["durationHours an object"] = (b => b["durationHours"] = new JsonObject { ["hours"] = 24 }, "durationHours"),
        ["earliestStart a word"] = (b => b["earliestStart"] = "tomorrow", "earliestStart"),
        ["earliestStart 30 February"] = (b => b["earliestStart"] = "2027-02-30T00:00:00Z", "earliestStart"),
        ["earliestStart a number"] = (b => b["earliestStart"] = 1767225600, "earliestStart"),
        ["latestStart month 13"] = (b => b["latestStart"] = "2027-13-01T00:00:00Z", "latestStart"),
        ["latestStart empty"] = (b => b["latestStart"] = "", "latestStart"),
        ["maxPricePerGpuHour a word"] = (b => b["maxPricePerGpuHour"] = "cheap", "maxPricePerGpuHour"),
        ["maxPricePerGpuHour beyond decimal"] = (b => b["maxPricePerGpuHour"] = JsonNode.Parse("1e40"), "maxPricePerGpuHour"),
        ["maxPricePerGpuHour an array"] = (b => b["maxPricePerGpuHour"] = new JsonArray(2.5), "maxPricePerGpuHour"),
        ["regions a string"] = (b => b["regions"] = "us-east-1", "regions"),
        ["regions of numbers"] = (b => b["regions"] = new JsonArray(1, 2), "regions[0]"),
        ["interconnect a string"] = (b => b["interconnect"] = "infiniband", "interconnect"),
        ["expiresAt a word"] = (b => b["expiresAt"] = "never", "expiresAt"),
    };

    public static TheoryData<string> Invalid => new(InvalidCases.Keys);

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Should_refuse_an_invalid_field_with_400_naming_it(string @case)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var (change, field) = InvalidCases[@case];
        var body = ValidBody();
        change(body);

        var response = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body.ToJsonString());

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"{@case}: no error for '{field}' in {problem.ToJsonString()}");
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"gpuModel\": \"H100-SXM-80GB\",")]
    [InlineData("{\"gpuCount\": 8,}")]
    public async Task Should_refuse_a_body_that_is_not_a_bid_object_with_400(string raw)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", raw), HttpStatusCode.BadRequest);
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items);
    }

    [Fact]
    public async Task Should_report_every_invalid_field_at_once()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var body = ValidBody();
        body["gpuCount"] = 0;
        body["durationHours"] = 5000;
        body["maxPricePerGpuHour"] = 0;
        var problem = await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body.ToJsonString()), HttpStatusCode.BadRequest);
        Assert.Equal(["durationHours", "gpuCount", "maxPricePerGpuHour"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal("https://httpstatuses.io/400", problem["type"]!.GetValue<string>());
        Assert.NotNull(problem["detail"]);
    }

    /// <summary>Each case is a valid bid at the edge of a rule.</summary>
    private static readonly Dictionary<string, Action<JsonObject>> EdgeCases = new()
    {
        ["gpuCount 1"] = b => b["gpuCount"] = 1,
        ["gpuCount 100000"] = b => b["gpuCount"] = 100000,
        ["durationHours 1"] = b => b["durationHours"] = 1,
        ["durationHours 4368"] = b => b["durationHours"] = 4368,
        ["maxPricePerGpuHour 1000"] = b => b["maxPricePerGpuHour"] = 1000,
        ["maxPricePerGpuHour 0.0001"] = b => b["maxPricePerGpuHour"] = 0.0001m,
        ["maxPricePerGpuHour 4 decimals and trailing zeros"] = b => b["maxPricePerGpuHour"] = JsonNode.Parse("2.123400"),
        ["earliestStart equals latestStart"] = b => { b["earliestStart"] = Iso(Next.AddDays(1)); b["latestStart"] = Iso(Next.AddDays(1)); },
        ["earliestStart long past"] = b => b["earliestStart"] = "2020-01-01T00:00:00Z",
        ["latestStart the last whole hour within 26 weeks"] = b => b["latestStart"] = Iso(Hours.FloorHour(DateTimeOffset.UtcNow.AddDays(7 * 26))),
        ["latestStart the next hour"] = b => { b["earliestStart"] = Iso(Next); b["latestStart"] = Iso(Next); },
        ["regions 20"] = b => b["regions"] = new JsonArray(Enumerable.Range(0, 20).Select(i => (JsonNode)JsonValue.Create($"region-{i}")!).ToArray()),
        ["regions one of 64 characters"] = b => b["regions"] = new JsonArray(new string('a', 64)),
        ["interconnect any kind"] = b => b["interconnect"] = new JsonObject { ["minGbpsPerNode"] = 400 },
        ["interconnect null"] = b => b["interconnect"] = null,
        ["regions missing"] = b => b.Remove("regions"),
        ["expiresAt in a minute, not on the hour"] = b => b["expiresAt"] = Iso(Hours.FloorHour(DateTimeOffset.UtcNow).AddHours(1).AddMinutes(1).AddSeconds(17)),
        ["expiresAt after latestStart"] = b => b["expiresAt"] = Iso(Next.AddDays(30)),
        ["times with an offset"] = b => b["latestStart"] = Next.AddDays(2).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
    };

    public static TheoryData<string> Edges => new(EdgeCases.Keys);

    [Theory]
    [MemberData(nameof(Edges))]
    public async Task Should_accept_a_bid_at_the_edge_of_a_rule(string @case)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var body = ValidBody();
        EdgeCases[@case](body);

        var response = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", body.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{@case}: {(int)response.StatusCode} {text}");
        var bid = JsonSerializer.Deserialize<BidDto>(text, ApiClient.Json)!;
        Assert.Equal($"/v1/bids/{bid.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("open", bid.Status);
        Assert.Equal(tenant.OrganizationId, bid.TenantId);

        var stored = JsonNode.Parse(await (await tenant.Http.GetAsync($"/v1/bids/{bid.Id}")).Content.ReadAsStringAsync())!.AsObject();
        foreach (var field in new[] { "gpuModel", "gpuCount", "durationHours" })
            Assert.Equal(body[field]!.ToJsonString(), stored[field]!.ToJsonString());
        Assert.Equal(Number(body["maxPricePerGpuHour"]), Number(stored["maxPricePerGpuHour"]));
        Assert.Equal(Time(body["earliestStart"]), Time(stored["earliestStart"]));
        Assert.Equal(Time(body["latestStart"]), Time(stored["latestStart"]));
        Assert.EndsWith("Z", stored["latestStart"]!.GetValue<string>());
        Assert.Equal(body["expiresAt"] is { } expires ? Time(expires) : Time(body["latestStart"]), Time(stored["expiresAt"]));
        var regions = (body["regions"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).Distinct();
        Assert.Equal(regions, stored["regions"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(body["interconnect"]?.ToJsonString() ?? "null",
            stored["interconnect"] is JsonObject i ? new JsonObject(i.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString() : "null");
    }

    [Fact]
    public async Task Should_default_expiresAt_to_latestStart_and_answer_the_whole_bid()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var latest = Next.AddDays(5);
        var response = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 24, durationHours: 48, maxPrice: 3.25m, latest: latest, regions: ["us-east-1", "us-east-1", "eu-west-1"]));
        var bid = await ApiClient.ReadSuccessAsync<BidDto>(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(latest, bid.ExpiresAt);
        Assert.Equal(["us-east-1", "eu-west-1"], bid.Regions);
        Assert.Null(bid.BookingId);
        Assert.Null(bid.PricePerGpuHour);
        Assert.Equal(bid.CreatedAt, bid.UpdatedAt);
        Assert.InRange(bid.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var placed = Assert.Single(await new BiddingService(market).PlacedEventsAsync(bid.Id));
        var opened = Assert.Single(placed.Message.Bids, b => b.Id == bid.Id);
        Assert.Equal("open", opened.Status);
        Assert.Equal(["us-east-1", "eu-west-1"], opened.Regions);
    }

    [Fact]
    public async Task Should_apply_the_rules_in_the_bidding_service_too()
    {
        // The service is the authority whoever calls it, not only behind the gateway's checks.
        var bidding = new BiddingService(market);
        var caller = new Caller(Guid.NewGuid(), Roles.Tenant);
        var invalid = new PlaceBid(caller, Guid.NewGuid(), "H100-SXM-80GB", 0, 4369, Next.AddMinutes(30), Next.AddDays(-1), ["Nope"],
            new InterconnectRequirement("carrier-pigeon", 0), 1000.5m, DateTimeOffset.UtcNow.AddHours(-1));

        var (bid, problem) = await bidding.AskAsync<PlaceBid, BidView>(invalid);

        Assert.Null(bid);
        Assert.Equal(400, problem!.Status);
        Assert.Equal(
            ["durationHours", "earliestStart", "expiresAt", "gpuCount", "interconnect.kind", "interconnect.minGbpsPerNode", "latestStart", "maxPricePerGpuHour", "regions[0]"],
            problem.Errors!.Keys.Order());
        Assert.Null(await bidding.StatusAsync(invalid.BidId));
    }

    [Fact]
    public async Task Should_answer_a_retried_placement_with_its_bid_even_when_the_body_no_longer_passes()
    {
        // A retry comes later than its first attempt: a start window that was open then may have closed. The retry
        // must get the bid it placed, not a 400 for a bid that exists.
        var bidding = new BiddingService(market);
        var caller = new Caller(Guid.NewGuid(), Roles.Tenant);
        var place = new PlaceBid(caller, Guid.NewGuid(), "H100-SXM-80GB", 8, 4, Next, Next.AddDays(1), [], null, 2.5m, null);
        var (first, _) = await bidding.AskAsync<PlaceBid, BidView>(place);
        Assert.NotNull(first);

        var (again, problem) = await bidding.AskAsync<PlaceBid, BidView>(place with { EarliestStart = Next.AddDays(-2), LatestStart = Next.AddDays(-1) });

        Assert.Null(problem);
        Assert.Equal(first!.Id, again!.Id);
        Assert.Equal(first.CreatedAt, again.CreatedAt);
    }

    private static JsonObject ValidBody() => JsonSerializer.SerializeToNode(Samples.Bid(), ApiClient.Json)!.AsObject();

    private static decimal Number(JsonNode? node) => decimal.Parse(node!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
