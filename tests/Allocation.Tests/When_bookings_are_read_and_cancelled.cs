using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed class When_bookings_are_read_and_cancelled(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    private async Task<(ApiClient Provider, ApiClient Tenant, BookingDto Booking)> BookAsync(int startInHours = 48)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour.AddHours(startInHours);
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H200-SXM-141GB", nodeCount: 2, from: from, until: from.AddDays(3)));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "H200-SXM-141GB", gpuCount: 16, maxPrice: 5m, earliest: from, latest: from));
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        var booking = await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"), _ => true);
        return (provider, tenant, booking);
    }

    /// <summary>
    /// Cancels as a client does: the bid shows won before allocation has confirmed the booking, and a booking still
    /// being confirmed answers 409 "retry in a moment" (API.md), so a 409 is retried until the answer is final.
    /// </summary>
    private static async Task<BookingDto> CancelAsync(ApiClient caller, Guid bookingId)
    {
        var response = await Eventually.Until(() => caller.SendAsync(HttpMethod.Post, $"/v1/bookings/{bookingId}/cancel", new { }),
            r => r.StatusCode != HttpStatusCode.Conflict, what: "the booking confirmed, then cancelled");
        return await ApiClient.ReadSuccessAsync<BookingDto>(response);
    }

    [Fact]
    public async Task Should_show_a_booking_only_to_its_tenant_its_provider_and_admins()
    {
        var (provider, tenant, booking) = await BookAsync();
        var otherTenant = await market.NewOrganizationAsync("tenant");
        var otherProvider = await market.NewOrganizationAsync("provider");

        await ApiClient.AssertProblemAsync(await otherTenant.Http.GetAsync($"/v1/bookings/{booking.Id}"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await otherProvider.Http.GetAsync($"/v1/bookings/{booking.Id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await otherTenant.GetAsync<Page<BookingDto>>("/v1/bookings")).Items, b => b.Id == booking.Id);
        Assert.DoesNotContain((await otherProvider.GetAsync<Page<BookingDto>>("/v1/bookings")).Items, b => b.Id == booking.Id);
        Assert.Contains((await provider.GetAsync<Page<BookingDto>>("/v1/bookings?status=scheduled")).Items, b => b.Id == booking.Id);
        Assert.Empty((await tenant.GetAsync<Page<BookingDto>>("/v1/bookings?status=completed")).Items);
        Assert.Equal(booking.Id, (await market.Admin().GetAsync<BookingDto>($"/v1/bookings/{booking.Id}")).Id);
        await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync("/v1/bookings?status=someday"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_page_the_tenants_and_the_providers_bookings_newest_first_within_a_status()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour.AddHours(48);
        const string model = "MI300X-192GB"; // no other test here offers it, so every bid lands on this provider's cluster
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 3, from: from, until: from.AddDays(3)));
        var booked = new List<Guid>(); // one node each, one after another: oldest first
        for (var i = 0; i < 3; i++)
        {
            var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 5m, earliest: from, latest: from));
            booked.Add((await MarketScenarios.WonAsync(tenant, bid.Id)).BookingId!.Value);
        }
        await CancelAsync(tenant, booked[1]);
        // A list shows a booking once allocation has awarded it, a moment after its bid shows won.
        var all = await Eventually.Until(() => PagedAsync(tenant, ""), ids => ids.Count == 3, what: "the three bookings listed");

        Assert.Equal([booked[2], booked[1], booked[0]], all);
        Assert.Equal([booked[2], booked[0]], await PagedAsync(tenant, "&status=scheduled"));
        Assert.Equal([booked[2], booked[0]], await PagedAsync(provider, "&status=scheduled"));
        Assert.Equal([booked[1]], await PagedAsync(provider, "&status=cancelled"));
        Assert.Empty(await PagedAsync(provider, "&status=active"));
    }

    /// <summary>The ids of every booking the caller lists, one page of one at a time.</summary>
    private static async Task<List<Guid>> PagedAsync(ApiClient caller, string query)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await caller.GetAsync<Page<BookingDto>>($"/v1/bookings?limit=1{query}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            ids.AddRange(page.Items.Select(b => b.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }

    [Fact]
    public async Task Should_let_the_tenant_cancel_before_the_start_and_free_the_nodes()
    {
        var (provider, tenant, booking) = await BookAsync();
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, $"/v1/bookings/{booking.Id}/cancel", new { }), HttpStatusCode.Forbidden);
        var otherTenant = await market.NewOrganizationAsync("tenant");
        await ApiClient.AssertProblemAsync(await otherTenant.SendAsync(HttpMethod.Post, $"/v1/bookings/{booking.Id}/cancel", new { }), HttpStatusCode.NotFound);

        var cancelled = await CancelAsync(tenant, booking.Id);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("cancelled", (await tenant.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel")).Status); // again: same answer

        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "inventory",
            $"select count(*) from node_holds where booking_id = '{booking.Id}'") == 0, what: "nodes freed");

        // The freed capacity is booked again by the next bid that wants it.
        var next = await tenant.PostAsync<BidDto>("/v1/bids",
            Samples.Bid(gpuModel: "H200-SXM-141GB", gpuCount: 16, maxPrice: 5m, earliest: booking.StartsAt, latest: booking.StartsAt));
        var won = await MarketScenarios.WonAsync(tenant, next.Id);
        Assert.Equal(booking.ClusterId, (await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"), _ => true)).ClusterId);
    }

    [Fact]
    public async Task Should_let_an_admin_cancel_any_booking()
    {
        var (_, tenant, booking) = await BookAsync(startInHours: 2);
        var cancelled = await CancelAsync(market.Admin(), booking.Id);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("cancelled", (await tenant.GetAsync<BookingDto>($"/v1/bookings/{booking.Id}")).Status);
    }
}
