using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed class When_a_bid_is_cancelled_during_allocation(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_never_book_a_cancelled_bid()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "A100-SXM-80GB", nodeCount: 50, gpusPerNode: 8, ask: 1.2m));

        // Place bids and cancel each at once, racing the market's round and the booking workflow.
        var bids = new List<(Guid Id, HttpStatusCode Cancel)>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A100-SXM-80GB", gpuCount: 8, maxPrice: 1.5m));
            var cancel = await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}");
            lock (bids) bids.Add((bid.Id, cancel.StatusCode));
        }));

        foreach (var (id, cancel) in bids)
        {
            var bid = await tenant.GetAsync<BidDto>($"/v1/bids/{id}");
            if (cancel == HttpStatusCode.OK)
            {
                Assert.Equal("cancelled", bid.Status);
                Assert.Null(bid.BookingId);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, cancel);
                Assert.Equal("won", bid.Status);
            }
        }

        // Once the workflows have settled, no booking belongs to a cancelled bid, and every won bid has exactly one.
        var cancelled = bids.Where(b => b.Cancel == HttpStatusCode.OK).Select(b => b.Id).ToHashSet();
        var wonCount = bids.Count - cancelled.Count;
        var bookings = await Eventually.Until(() => tenant.GetAsync<Page<BookingDto>>("/v1/bookings?limit=200"),
            page => page.Items.Count == wonCount, what: "a booking for each won bid");
        Assert.DoesNotContain(bookings.Items, b => cancelled.Contains(b.BidId));
        Assert.Equal(wonCount, bookings.Items.Select(b => b.BidId).Distinct().Count());
        await AllocationAssertions.NoVoidBookingHoldsNodesAsync(market);
    }
}
