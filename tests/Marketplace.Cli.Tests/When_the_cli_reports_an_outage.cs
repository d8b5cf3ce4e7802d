using System.Text.Json.Nodes;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Cli.Tests;

/// <summary>`market outage report|list|end` and `market events`: the outage workflow and the feed from a terminal.</summary>
public sealed class When_the_cli_reports_an_outage(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("market-cli-outage-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static string KeyOf(ApiClient client) => client.Http.DefaultRequestHeaders.Authorization!.Parameter!;

    [Fact]
    public async Task A_provider_reports_a_failed_node_sees_the_booking_credited_and_ends_the_outage_and_the_tenant_reads_its_events()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var start = Samples.NextHour.AddHours(2);
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "A10G-24GB", nodeCount: 1, from: Samples.NextHour, until: start.AddDays(2)));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A10G-24GB", gpuCount: 8, durationHours: 10, maxPrice: 3m, earliest: start, latest: start));
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won", what: "bid won");

        var cli = new CliRun(market, Path.Combine(_home, "p"), new Dictionary<string, string> { ["MARKET_API_KEY"] = KeyOf(provider) });
        var bad = await cli.RunAsync("outage", "report", cluster.Id.ToString(), "--nodes", "0", "--from", Samples.Iso(start.AddMinutes(30)), "--reason", "x");
        Assert.Equal(ExitCodes.Invalid, bad.ExitCode);
        Assert.Contains("from", bad.Error);

        var reported = await cli.RunAsync("outage", "report", cluster.Id.ToString(), "--nodes", "0", "--from", Samples.Iso(start.AddHours(2)),
            "--until", Samples.Iso(start.AddHours(5)), "--reason", "Xid 79", "--json");
        Assert.True(reported.ExitCode == 0, reported.Error);
        var outageId = JsonNode.Parse(reported.Out)!["id"]!.GetValue<string>();

        var listed = await Eventually.Until(() => cli.RunAsync("outage", "list", cluster.Id.ToString()), r => r.Out.Contains("credited"),
            what: "the credit among the outage's effects");
        Assert.Contains($"{won.BookingId}", listed.Out);
        var ended = await cli.RunAsync("outage", "end", outageId, "--at", Samples.Iso(start.AddHours(4)), "--json");
        Assert.True(ended.ExitCode == 0, ended.Error);
        Assert.Equal(Samples.Iso(start.AddHours(4)), JsonNode.Parse(ended.Out)!["until"]!.GetValue<string>().Replace(".0000000", "").Replace("+00:00", "Z"));

        var tenantCli = new CliRun(market, Path.Combine(_home, "t"), new Dictionary<string, string> { ["MARKET_API_KEY"] = KeyOf(tenant) });
        var events = await Eventually.Until(() => tenantCli.RunAsync("events", "--json"),
            r => r.Out.Contains("booking.credited"), what: "booking.credited in the tenant's events");
        var page = JsonNode.Parse(events.Out)!;
        Assert.Contains(page["items"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "bid.won");
        var after = await tenantCli.RunAsync("events", "--after", page["nextCursor"]!.GetValue<string>(), "--json");
        Assert.Empty(JsonNode.Parse(after.Out)!["items"]!.AsArray());
    }
}
