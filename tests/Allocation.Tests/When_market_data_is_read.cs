using System.Net;
using Marketplace.Allocation.MarketData;
using Marketplace.Hosting.Database;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Allocation.Tests;

public sealed record PricePointDto(DateTimeOffset At, decimal Open, decimal High, decimal Low, decimal Close, decimal Vwap, decimal GpuHours, int Bookings);
public sealed record PricesDto(string GpuModel, string? Region, string Interval, List<PricePointDto> Points);
public sealed record SupplyLevelDto(decimal PricePerGpuHour, int Clusters, decimal FreeGpuHours7d, decimal FreeGpuHours28d);
public sealed record DemandLevelDto(decimal PricePerGpuHour, int OpenBids, long GpuCount);
public sealed record DepthDto(string GpuModel, string? Region, DateTimeOffset AsOf, List<SupplyLevelDto> Supply, List<DemandLevelDto> Demand);

/// <summary>
/// GET /v1/market/prices and /v1/market/depth end to end (API.md "Market data"). Each test trades a GPU model of its
/// own, so the tests share the fixture's market without meeting. Bookings confirm "now", so a test that happens to run
/// across a whole hour or midnight sees its bookings in two points: assertions fold the points together.
/// </summary>
public sealed class When_market_data_is_read(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_chart_confirmed_bookings_with_open_high_low_close_and_vwap_per_region_and_overall()
    {
        const string model = "B200-SXM-192GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var reader = await market.NewOrganizationAsync("provider"); // anyone may read market data
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 4, ask: 1.00m, region: "us-east-1"));
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 4, ask: 2.00m, region: "eu-west-1"));

        // One after the other, so the confirmations come in this order: 1.00 (80 GPU-h), 2.00 (80), 1.00 (80).
        foreach (var (gpus, hours, regions) in new[] { (8, 10, "us-east-1"), (16, 5, "eu-west-1"), (8, 10, "us-east-1") })
        {
            var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: gpus, durationHours: hours, maxPrice: 3m, regions: [regions]));
            await MarketScenarios.WonAsync(tenant, bid.Id);
        }

        var all = await Eventually.Until(() => reader.GetAsync<PricesDto>($"/v1/market/prices?gpuModel={model}"), p => p.Points.Sum(x => x.Bookings) == 3,
            what: "three bookings in the series");
        Assert.Equal(("day", (string?)null), (all.Interval, all.Region));
        Assert.Equal(1.00m, all.Points[0].Open);
        Assert.Equal(1.00m, all.Points[^1].Close);
        Assert.Equal(2.00m, all.Points.Max(p => p.High));
        Assert.Equal(1.00m, all.Points.Min(p => p.Low));
        Assert.Equal(240m, all.Points.Sum(p => p.GpuHours));
        if (all.Points.Count == 1) Assert.Equal(1.3333m, all.Points[0].Vwap); // (80 + 160 + 80) / 240
        Assert.All(all.Points, p => Assert.Equal(p.At, p.At.Date)); // days start at UTC midnight

        var europe = await reader.GetAsync<PricesDto>($"/v1/market/prices?gpuModel={model}&region=eu-west-1&interval=hour");
        var point = Assert.Single(europe.Points);
        Assert.Equal((2.00m, 2.00m, 2.00m, 2.00m, 2.00m, 80m, 1), (point.Open, point.High, point.Low, point.Close, point.Vwap, point.GpuHours, point.Bookings));
        Assert.Equal(0, point.At.Minute + point.At.Second);
        var hourly = await reader.GetAsync<PricesDto>($"/v1/market/prices?gpuModel={model}&interval=hour");
        Assert.Equal(3, hourly.Points.Sum(p => p.Bookings));
        var before = await reader.GetAsync<PricesDto>(
            $"/v1/market/prices?gpuModel={model}&from={Samples.Iso(DateTimeOffset.UtcNow.AddDays(-20))}&to={Samples.Iso(DateTimeOffset.UtcNow.AddDays(-10))}");
        Assert.Empty(before.Points);
    }

    [Fact]
    public async Task Should_add_up_every_confirmation_when_many_transactions_record_the_same_hour_at_once()
    {
        const string model = "A100-SXM-80GB";
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, region: "ap-south-1"));
        await AllocationAssertions.ClusterKnownAsync(market, cluster.Id);

        var db = market.AllocationHost.Services.GetRequiredService<Db>();
        var hour = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        // 20 transactions of 5 bookings each, all in the same hour, priced 1.00..1.99.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async t =>
        {
            await using var uow = await db.BeginAsync();
            await PriceSeries.RecordAsync(uow, Enumerable.Range(0, 5).Select(i => new PriceSeries.Tick(Guid.NewGuid(), cluster.Id,
                hour.AddMinutes(t * 2 + i / 5.0), 1.00m + (t * 5 + i) / 100m, 10m)).ToList());
            await uow.CommitAsync();
        }));

        var prices = await market.Admin().GetAsync<PricesDto>($"/v1/market/prices?gpuModel={model}&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&interval=hour");
        var point = Assert.Single(prices.Points);
        Assert.Equal((hour, 100, 1000m), (point.At, point.Bookings, point.GpuHours));
        Assert.Equal((1.00m, 1.99m, 1.00m, 1.99m), (point.Open, point.High, point.Low, point.Close));
        Assert.Equal(1.495m, point.Vwap);
        // The region's own row agrees with the all-regions row.
        var region = await market.Admin().GetAsync<PricesDto>($"/v1/market/prices?gpuModel={model}&region=ap-south-1&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z");
        Assert.Equal(100, Assert.Single(region.Points).Bookings);
    }

    [Fact]
    public async Task Should_show_free_gpu_hours_per_ask_and_open_demand_per_limit_without_identities()
    {
        const string model = "L40S-48GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour;
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 4, gpusPerNode: 8, ask: 1.50m, from: from, until: from.AddDays(10)));
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, gpusPerNode: 8, ask: 1.50m, from: from, until: from.AddDays(10), region: "eu-west-1"));
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 2, gpusPerNode: 8, ask: 2.00m, from: from, until: from.AddDays(3)));
        // A booking of 2 nodes for a day, and two bids under every ask that stay open.
        var booked = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 16, durationHours: 24, maxPrice: 1.60m, earliest: from, latest: from, regions: ["us-east-1"]));
        await MarketScenarios.WonAsync(tenant, booked.Id);
        await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 1.00m));
        await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 16, maxPrice: 1.20m, regions: ["eu-west-1"]));

        var depth = await Eventually.Until(() => tenant.GetAsync<DepthDto>($"/v1/market/depth?gpuModel={model}"), d => d.Demand.Sum(x => x.OpenBids) == 2 && d.Supply.Sum(s => s.Clusters) == 3,
            what: "allocation sees the clusters and bids");
        var start = Hours(depth.AsOf);
        double Overlap(DateTimeOffset a, DateTimeOffset b, int days) => Math.Max(0, (Min(b, start.AddDays(days)) - Max(a, start)).TotalHours);
        decimal Free(int days) => (decimal)(32 * Overlap(from, from.AddDays(10), days) - 16 * Overlap(from, from.AddHours(24), days) + 16 * Overlap(from, from.AddDays(10), days));
        Assert.Equal(2, depth.Supply.Count);
        Assert.Equal(new SupplyLevelDto(1.50m, 2, Free(7), Free(28)), depth.Supply[0]);
        Assert.Equal(new SupplyLevelDto(2.00m, 1, (decimal)(16 * Overlap(from, from.AddDays(3), 7)), (decimal)(16 * Overlap(from, from.AddDays(3), 28))), depth.Supply[1]);
        Assert.Equal([new DemandLevelDto(1.20m, 1, 16), new DemandLevelDto(1.00m, 1, 8)], depth.Demand);

        // One region: its clusters, and the bids that would take it (any region, or that one named).
        var east = await tenant.GetAsync<DepthDto>($"/v1/market/depth?gpuModel={model}&region=us-east-1");
        Assert.Equal([1, 1], east.Supply.Select(s => s.Clusters));
        Assert.Equal([new DemandLevelDto(1.00m, 1, 8)], east.Demand);

        var text = await (await tenant.SendAsync(HttpMethod.Get, $"/v1/market/depth?gpuModel={model}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(booked.Id.ToString(), text);
        Assert.DoesNotContain(provider.OrganizationId.ToString(), text);
        Assert.DoesNotContain(tenant.OrganizationId.ToString(), text);
    }

    [Fact]
    public async Task Should_refuse_bad_queries_with_field_errors()
    {
        var reader = await market.NewOrganizationAsync("tenant");
        async Task Refused(string path, params string[] fields)
        {
            var problem = await ApiClient.AssertProblemAsync(await reader.SendAsync(HttpMethod.Get, path), HttpStatusCode.BadRequest);
            foreach (var field in fields) Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{path}: {field} missing in {problem.ToJsonString()}");
        }

        await Refused("/v1/market/prices", "gpuModel");
        await Refused("/v1/market/prices?gpuModel=H900&region=US_EAST&interval=week", "gpuModel", "region", "interval");
        await Refused("/v1/market/prices?gpuModel=H100-SXM-80GB&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        await Refused("/v1/market/prices?gpuModel=H100-SXM-80GB&from=2025-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", "to");
        await Refused($"/v1/market/prices?gpuModel=H100-SXM-80GB&from={Samples.Iso(DateTimeOffset.UtcNow.AddDays(-400))}", "to");
        await Refused("/v1/market/prices?gpuModel=H100-SXM-80GB&from=yesterday", "from");
        await Refused("/v1/market/depth", "gpuModel");
        await Refused("/v1/market/depth?gpuModel=H100-SXM-80GB&region=%20", "region");
        await ApiClient.AssertProblemAsync(await market.Client("mk_not_a_key", Guid.Empty).SendAsync(HttpMethod.Get, "/v1/market/depth?gpuModel=H100-SXM-80GB"),
            HttpStatusCode.Unauthorized);
    }

    private static DateTimeOffset Hours(DateTimeOffset t) => Marketplace.Domain.Hours.CeilingHour(t);
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("allocation")));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
