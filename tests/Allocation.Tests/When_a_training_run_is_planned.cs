using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed record PlanOptionDto(
    string GpuModel, int GpuCount, long DurationHours, long GpuHours, decimal PricePerGpuHour, string PriceSource, decimal TotalPrice,
    DateTimeOffset StartsAt, bool MeetsDeadline, bool MeetsBudget, JsonObject Bid);
public sealed record PlanDto(double TotalFlops, List<PlanOptionDto> Options);

/// <summary>POST /v1/plans end to end, with the seed's example (API.md, docs/market-rules.md) as the main case.</summary>
public sealed class When_a_training_run_is_planned(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_plan_the_seeds_70B_run_at_about_43_days_and_2_million_and_book_its_bid()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour;
        await provider.PostAsync<ClusterDto>("/v1/clusters",
            Samples.Cluster(gpuModel: "H100-SXM-80GB", nodeCount: 553, gpusPerNode: 8, ask: 1.94m, from: from, until: from.AddDays(60)));

        var run = new { modelParameters = 70e9, trainingTokens = 2e12, gpuModel = "H100-SXM-80GB", gpuCount = 1000, mfu = 0.23 };
        var plan = await Eventually.Until(() => tenant.PostAsync<PlanDto>("/v1/plans", run), p => p.Options.Any(o => o.PriceSource == "quote"),
            what: "the planner sees the listed cluster");

        Assert.Equal(6 * 70e9 * 2e12, plan.TotalFlops, 1e-9 * plan.TotalFlops);
        var option = Assert.Single(plan.Options);
        Assert.Equal(1000, option.GpuCount);
        Assert.InRange(option.DurationHours, 1032 * 0.95, 1032 * 1.05); // ⌈8.4e23 / (1000 × 989e12 × 0.23 × 3600)⌉ = 1026
        Assert.Equal(1.94m, option.PricePerGpuHour);
        Assert.InRange(option.TotalPrice, 2_000_000m * 0.95m, 2_000_000m * 1.05m);
        Assert.Equal(1000 * option.DurationHours, option.GpuHours);
        Assert.Equal(from, option.StartsAt);
        Assert.True(option.MeetsDeadline);
        Assert.True(option.MeetsBudget);

        // The option's bid, placed as it is, books at the planned price.
        var placed = await ApiClient.ReadSuccessAsync<BidDto>(await tenant.SendAsync(HttpMethod.Post, "/v1/bids", option.Bid.ToJsonString()));
        var won = await MarketScenarios.WonAsync(tenant, placed.Id);
        var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}");
        Assert.Equal(option.TotalPrice, booking.TotalPrice);
        Assert.Equal(option.StartsAt, booking.StartsAt);
        Assert.Equal(125, booking.NodeCount);
    }

    [Fact]
    public async Task Should_offer_options_cheapest_first_with_deadline_and_budget_flags()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour;
        await provider.PostAsync<ClusterDto>("/v1/clusters",
            Samples.Cluster(gpuModel: "A100-SXM-40GB", nodeCount: 16, gpusPerNode: 8, ask: 1.10m, from: from, until: from.AddDays(60)));

        // A 1B model on 160B tokens: 9.6e20 FLOPs; 8 A100s at mfu 0.4 do 8 × 312e12 × 0.4 × 3600 = 3.59e18 an hour.
        var deadline = from.AddDays(3);
        var run = new { modelParameters = 1e9, trainingTokens = 1.6e11, gpuModel = "A100-SXM-40GB", deadline = Samples.Iso(deadline), budget = 2380m };
        var plan = await Eventually.Until(() => tenant.PostAsync<PlanDto>("/v1/plans", run), p => p.Options.Any(o => o.PriceSource == "quote"),
            what: "the planner sees the listed cluster");

        // 1, 4 and 16 nodes (the largest cluster), cheapest first.
        Assert.Equal([8, 32, 128], plan.Options.Select(o => o.GpuCount));
        var (oneNode, fourNodes, sixteenNodes) = (plan.Options[0], plan.Options[1], plan.Options[2]);
        Assert.Equal((268, 67, 17), (oneNode.DurationHours, fourNodes.DurationHours, sixteenNodes.DurationHours));
        Assert.Equal((2358.4m, 2358.4m, 2393.6m), (oneNode.TotalPrice, fourNodes.TotalPrice, sixteenNodes.TotalPrice));
        Assert.False(oneNode.MeetsDeadline); // 268 h is past a deadline 72 h away
        Assert.True(fourNodes.MeetsDeadline);
        Assert.True(oneNode.MeetsBudget && fourNodes.MeetsBudget);
        // 2380 over 2,176 GPU-hours allows at most 1.0937 a GPU-hour, under the ask: no quote fills, the ask prices it.
        Assert.Equal(("quote", "quote", "ask"), (oneNode.PriceSource, fourNodes.PriceSource, sixteenNodes.PriceSource));
        Assert.False(sixteenNodes.MeetsBudget);
        Assert.Equal(1.10m, sixteenNodes.Bid["maxPricePerGpuHour"]!.GetValue<decimal>());
        // With a deadline, a bid may only start where it still ends in time.
        Assert.Equal(deadline.AddHours(-67), fourNodes.Bid["latestStart"]!.GetValue<DateTimeOffset>());
        Assert.All(plan.Options, o => Assert.Equal(o.DurationHours, o.Bid["durationHours"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Should_price_a_run_the_market_cannot_fill_now_at_the_recent_vwap_else_at_the_lowest_ask()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H200-SXM-141GB", nodeCount: 2, gpusPerNode: 8, ask: 3.00m));
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "MI300X-192GB", nodeCount: 2, gpusPerNode: 8, ask: 2.75m));
        // H200 has traded (8 GPUs for 10 h at 3.00); MI300X has not.
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "H200-SXM-141GB", gpuCount: 8, durationHours: 10, maxPrice: 3.50m));
        await MarketScenarios.WonAsync(tenant, bid.Id);

        // 64 GPUs: more than either cluster holds, so no quote fills.
        var h200 = await Eventually.Until(() => tenant.PostAsync<PlanDto>("/v1/plans", new { modelParameters = 7e9, trainingTokens = 1e11, gpuModel = "H200-SXM-141GB", gpuCount = 64 }),
            p => p.Options.Any(o => o.PriceSource == "market-vwap"), what: "the booking reaches the price series");
        var option = Assert.Single(h200.Options);
        Assert.Equal((3.00m, 64), (option.PricePerGpuHour, option.GpuCount));
        Assert.Equal(3.00m * 64 * option.DurationHours, option.TotalPrice);

        var mi300x = await tenant.PostAsync<PlanDto>("/v1/plans", new { modelParameters = 7e9, trainingTokens = 1e11, gpuModel = "MI300X-192GB", gpuCount = 64 });
        Assert.Equal(("ask", 2.75m), (Assert.Single(mi300x.Options).PriceSource, mi300x.Options[0].PricePerGpuHour));
    }

    [Fact]
    public async Task Should_refuse_a_run_out_of_range_with_field_errors()
    {
        var admin = market.Admin();
        var problem = await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Post, "/v1/plans",
            new { modelParameters = 0, trainingTokens = 1e17, gpuModel = "H900", mfu = 1.5, gpuCount = 0, flopsPerToken = -1 }), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "modelParameters", "trainingTokens", "gpuModel", "mfu", "gpuCount", "flopsPerToken" })
            Assert.True(errors.ContainsKey(field), $"{field} missing in {problem.ToJsonString()}");

        problem = await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Post, "/v1/plans", new { modelParameters = 1e15, trainingTokens = 0 }),
            HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("modelParameters"));
        await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Post, "/v1/plans", "{\"modelParameters\": \"big\"}"), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Post, "/v1/plans", "{}"), HttpStatusCode.BadRequest);
    }
}
