using Marketplace.Domain;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed class When_many_tenants_bid_for_scarce_capacity(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_book_without_overlaps_and_honour_every_bid()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenants = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => market.NewOrganizationAsync("tenant")));
        var from = Samples.NextHour;
        // 3 clusters, 10 nodes of 8 GPUs each, open for two days: far less than 200 bids want.
        var clusters = new List<ClusterDto>();
        for (var i = 0; i < 3; i++)
            clusters.Add(await provider.PostAsync<ClusterDto>("/v1/clusters",
                Samples.Cluster(gpuModel: "MI300X-192GB", nodeCount: 10, gpusPerNode: 8, ask: 1.5m + i * 0.25m, until: from.AddHours(48))));

        var random = new Random(42);
        var requests = Enumerable.Range(0, 200).Select(i => (Tenant: tenants[i % tenants.Length], Body: Samples.Bid(
            gpuModel: "MI300X-192GB", gpuCount: random.Next(1, 25), durationHours: random.Next(1, 13),
            maxPrice: Math.Round(1.4m + (decimal)random.NextDouble() * 1.6m, 2),
            earliest: from.AddHours(random.Next(0, 12)), latest: from.AddHours(random.Next(12, 30))))).ToList();
        using var gate = new SemaphoreSlim(20);
        var bids = await Task.WhenAll(requests.Select(async r =>
        {
            await gate.WaitAsync();
            try { return (r.Tenant, Bid: await r.Tenant.PostAsync<BidDto>("/v1/bids", r.Body)); }
            finally { gate.Release(); }
        }));

        // Let the market settle: no workflow in flight and every open bid decided by a round after the last placement.
        await Eventually.True(async () =>
            await AllocationAssertions.ScalarAsync(market, "allocation", "select count(*) from bookings where state in ('holding', 'awarding', 'confirming')") == 0
            && await AllocationAssertions.ScalarAsync(market, "allocation",
                "select count(*) from bids b where b.status = 'open' and not exists (select 1 from round_decisions d where d.bid_id = b.id)") == 0,
            TimeSpan.FromSeconds(90), "market settled");

        await AllocationAssertions.NoOverlappingHoldsAsync(market);
        var byCluster = clusters.ToDictionary(c => c.Id);
        var won = 0;
        foreach (var (tenant, placed) in bids)
        {
            var bid = await tenant.GetAsync<BidDto>($"/v1/bids/{placed.Id}");
            if (bid.Status != "won") continue;
            won++;
            var booking = await tenant.GetAsync<BookingDto>($"/v1/bookings/{bid.BookingId}");
            var cluster = byCluster[booking.ClusterId];
            Assert.Equal(bid.GpuModel, booking.GpuModel);
            Assert.True(booking.GpuCount >= bid.GpuCount);
            Assert.Equal(booking.NodeCount * cluster.GpusPerNode, booking.GpuCount);
            Assert.Equal(TimeSpan.FromHours(bid.DurationHours), booking.EndsAt - booking.StartsAt);
            Assert.InRange(booking.StartsAt, bid.EarliestStart, bid.LatestStart);
            Assert.True(Hours.IsWholeHour(booking.StartsAt));
            Assert.InRange(booking.PricePerGpuHour, cluster.AskPricePerGpuHour, bid.MaxPricePerGpuHour);
            Assert.True(booking.StartsAt >= cluster.AvailableFrom && booking.EndsAt <= cluster.AvailableUntil);
        }
        Assert.True(won > 10, $"only {won} bids won");
        Assert.True(won < bids.Length, "capacity was meant to be scarce");
    }
}
