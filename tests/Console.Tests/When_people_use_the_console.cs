using Marketplace.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Console.Tests;

/// <summary>
/// The console's main flows in a real browser against the real services (issue 14): each test has its own
/// organizations and a GPU model of its own, so no test sees another's market.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class When_people_use_the_console(ConsoleMarket market)
{
    private static string Iso(DateTimeOffset t) => Samples.Iso(t);

    private async Task<(ApiClient Provider, ApiClient Tenant, BookingDto Booking)> BookedAsync(string gpuModel)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var start = Samples.NextHour.AddHours(2);
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: gpuModel, nodeCount: 2, from: Samples.NextHour, until: start.AddDays(3)));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: gpuModel, gpuCount: 16, durationHours: 10, maxPrice: 3m, earliest: start, latest: start));
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won", what: "bid won");
        var booking = await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"), _ => true);
        // Charged: settlement knows the booking (usage reports and reconciliation need that).
        await Eventually.True(async () => (await market.Admin().GetAsync<Page<LedgerEntry>>($"/v1/ledger?bookingId={booking.Id}")).Items.Count > 0,
            what: "the booking charged");
        return (provider, tenant, booking);
    }

    [Fact]
    public async Task A_provider_lists_a_cluster_and_sees_its_booking_in_the_gantt()
    {
        var provider = await market.NewOrganizationAsync("provider");
        await using var tab = await market.OpenAsync();
        await tab.SignInAsync(provider);
        await tab.GoAsync("#/clusters");
        await tab.Page.GetByText("List a cluster", new() { Exact = true }).ClickAsync();
        var form = tab.Page.GetByRole(AriaRole.Form, new() { Name = "List a cluster" });
        await form.GetByLabel("Name").FillAsync("gantt-east");
        await form.GetByLabel("GPU model").SelectOptionAsync("A10G-24GB");
        await form.GetByLabel("Nodes").FillAsync("3");
        await form.GetByRole(AriaRole.Button, new() { Name = "List cluster" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "gantt-east" })).ToBeVisibleAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Img, new() { NameRegex = new("Calendar of gantt-east") })).ToBeVisibleAsync();
        var clusterId = tab.Page.Url.Split('/').Last();

        // A tenant books two of its nodes through the API; the provider's Gantt shows them after a reload.
        var tenant = await market.NewOrganizationAsync("tenant");
        var start = Samples.NextHour.AddHours(3);
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A10G-24GB", gpuCount: 16, durationHours: 6, maxPrice: 5m, earliest: start, latest: start));
        await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won", what: "bid won");
        await tab.Page.ReloadAsync();
        await Expect(tab.Page.GetByText("2 booking slot(s)")).ToBeVisibleAsync();
        Assert.Equal(Guid.Parse(clusterId), (await provider.GetAsync<ClusterDto>($"/v1/clusters/{clusterId}")).Id);
        await tab.ScreenshotAsync("provider-cluster-gantt");

        // Node 2 (free) fails: reported from the page, it shows as an outage slot and in the outage list.
        await tab.Page.GetByText("Report an outage", new() { Exact = true }).ClickAsync();
        var report = tab.Page.GetByRole(AriaRole.Form, new() { Name = "Report an outage" });
        await report.GetByLabel("Nodes (comma-separated indexes, empty: all)").FillAsync("2");
        await report.GetByLabel("Reason").FillAsync("PSU failure");
        await report.GetByRole(AriaRole.Button, new() { Name = "Report outage" }).ClickAsync();
        await Expect(tab.Page.GetByText("1 outage slot(s)", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Cell, new() { Name = "PSU failure" })).ToBeVisibleAsync();
        tab.AssertOnlyTheGateway(provider);
    }

    [Fact]
    public async Task A_tenant_gets_a_live_quote_places_the_bid_and_sees_it_won_and_booked()
    {
        var provider = await market.NewOrganizationAsync("provider");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "L40S-48GB", nodeCount: 4, ask: 1.80m));
        var tenant = await market.NewOrganizationAsync("tenant");
        await using var tab = await market.OpenAsync();
        await tab.SignInAsync(tenant);
        await tab.GoAsync("#/market");
        var form = tab.Page.GetByRole(AriaRole.Form, new() { Name = "Place a bid" });
        await form.GetByLabel("GPU model").SelectOptionAsync("L40S-48GB");
        await form.GetByLabel("GPUs").FillAsync("8");
        await Expect(form.GetByText(new System.Text.RegularExpressions.Regex(@"Quote: \$1\.8/GPU-hour"))).ToBeVisibleAsync();
        await tab.ScreenshotAsync("tenant-market");

        // A field the API refuses shows its error next to the field.
        await form.GetByLabel("GPUs").FillAsync("0");
        await Expect(form.Locator(".field-error[data-field=gpuCount]")).ToContainTextAsync("gpuCount must be between");
        await form.GetByLabel("GPUs").FillAsync("8");
        await Expect(form.GetByText(new System.Text.RegularExpressions.Regex(@"Quote: \$1\.8/GPU-hour"))).ToBeVisibleAsync();

        await form.GetByRole(AriaRole.Button, new() { Name = "Place bid" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "My bids" })).ToBeVisibleAsync();
        var won = tab.Page.Locator(".status.won");
        for (var i = 0; i < 40 && await won.CountAsync() == 0; i++)
        {
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
            await tab.Page.WaitForTimeoutAsync(250);
        }
        await Expect(won).ToHaveCountAsync(1);
        await tab.ScreenshotAsync("tenant-bids");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Booking", Exact = true }).ClickAsync();
        await Expect(tab.Page.Locator(".status.scheduled")).ToHaveCountAsync(1);
        await tab.ScreenshotAsync("tenant-bookings");
        var bids = await tenant.GetAsync<Page<BidDto>>("/v1/bids");
        Assert.Equal("won", Assert.Single(bids.Items).Status);
        tab.AssertOnlyTheGateway(tenant);
    }

    [Fact]
    public async Task An_admin_runs_a_reconciliation_and_credits_an_under_delivery_from_the_page()
    {
        var (provider, _, booking) = await BookedAsync("B200-SXM-192GB");
        await provider.PostAsync<object>($"/v1/bookings/{booking.Id}/usage", new
        {
            periodStart = Iso(booking.StartsAt), periodEnd = Iso(booking.StartsAt.AddHours(2)), deliveredGpuHours = 20,
        });
        await using var tab = await market.OpenAsync();
        await tab.SignInAsync(market.Admin());
        await tab.GoAsync("#/reconciliations");
        await tab.Page.GetByRole(AriaRole.Form, new() { Name = "Start a reconciliation" }).GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(tab.Page.Locator("[data-run-status]")).ToHaveAttributeAsync("data-run-status", "completed", new() { Timeout = 60_000 });
        var item = tab.Page.Locator("li[data-discrepancy]").Filter(new() { HasText = booking.Id.ToString() }).Filter(new() { HasText = "under-delivery" });
        await Expect(item).ToHaveCountAsync(1);
        await tab.ScreenshotAsync("admin-reconciliation");
        await item.GetByLabel("Action").SelectOptionAsync("issue-credit");
        await item.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(tab.Page.Locator("li[data-discrepancy]").Filter(new() { HasText = booking.Id.ToString() }).Locator(".status.resolved")).ToHaveCountAsync(1);

        var ledger = await market.Admin().GetAsync<Page<LedgerEntry>>($"/v1/ledger?bookingId={booking.Id}");
        Assert.Contains(ledger.Items, e => e.Kind == "credit" && e.Amount == (16 * 2 - 20) * booking.PricePerGpuHour);
        tab.AssertOnlyTheGateway();
    }

    [Fact]
    public async Task A_tenant_plans_a_training_run_and_places_an_options_bid()
    {
        var provider = await market.NewOrganizationAsync("provider");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H200-SXM-141GB", nodeCount: 4, ask: 3.10m));
        var tenant = await market.NewOrganizationAsync("tenant");
        await using var tab = await market.OpenAsync();
        await tab.SignInAsync(tenant);
        await tab.GoAsync("#/plan");
        var form = tab.Page.GetByRole(AriaRole.Form, new() { Name = "Plan a training run" });
        await form.GetByLabel("Model parameters").FillAsync("1000000000");
        await form.GetByLabel("Training tokens").FillAsync("20000000000");
        await form.GetByLabel("GPU model").SelectOptionAsync("H200-SXM-141GB");
        await form.GetByLabel("GPUs (optional)").FillAsync("16");
        await form.GetByRole(AriaRole.Button, new() { Name = "Plan", Exact = true }).ClickAsync();
        var first = tab.Page.Locator("ol.options li").First;
        await Expect(first).ToContainTextAsync("16 × H200-SXM-141GB");
        await tab.ScreenshotAsync("tenant-plan-options");
        await first.GetByRole(AriaRole.Button, new() { Name = "Place this bid" }).ClickAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "My bids" })).ToBeVisibleAsync();
        var placed = await Eventually.Until(() => tenant.GetAsync<Page<BidDto>>("/v1/bids"), p => p.Items.Count == 1, what: "the option's bid");
        Assert.Equal(("H200-SXM-141GB", 16), (placed.Items[0].GpuModel, placed.Items[0].GpuCount));
        tab.AssertOnlyTheGateway(tenant);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_the_apis_error_and_nothing_is_kept()
    {
        await using var tab = await market.OpenAsync();
        await tab.Page.GotoAsync(market.ConsoleUrl);
        await tab.Page.GetByLabel("API key").FillAsync("mk_not_a_key_of_this_marketplace_0000000000");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(tab.Page.Locator(".form-error")).ToContainTextAsync("Unauthorized");
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('marketplace.apiKey')"));
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => localStorage.getItem('marketplace.apiKey')"));
        await tab.ScreenshotAsync("sign-in-refused");
    }

    [Fact]
    public async Task Signing_out_forgets_the_key_which_never_leaves_memory_for_local_storage()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await using var tab = await market.OpenAsync();
        await tab.SignInAsync(tenant);
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.DoesNotContain(ConsoleSession.KeyOf(tenant), tab.Page.Url);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(tab.Page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('marketplace.apiKey')"));
    }

    [Fact]
    public async Task Every_page_passes_an_accessibility_scan_and_fits_a_phone()
    {
        var (provider, tenant, booking) = await BookedAsync("MI300X-192GB");
        var pages = new (ApiClient Who, string Role, string[] Hashes)[]
        {
            (tenant, "tenant", ["#/market", "#/bids", "#/bookings", "#/plan", "#/ledger", "#/events"]),
            (provider, "provider", ["#/clusters", $"#/cluster/{booking.ClusterId}", "#/bookings", "#/ledger", "#/events"]),
            (market.Admin(), "admin", ["#/organizations", $"#/organizations/{tenant.OrganizationId}", "#/reconciliations", "#/ledger", "#/market", "#/events"]),
        };
        foreach (var (who, role, hashes) in pages)
        {
            await using var tab = await market.OpenAsync();
            await tab.SignInAsync(who);
            foreach (var hash in hashes)
            {
                await tab.GoAsync(hash);
                await tab.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await tab.AssertAccessibleAsync($"{role} {hash}");
                await tab.ScreenshotAsync($"{role}-{hash.TrimStart('#', '/').Split('/')[0]}{(hash.Count(c => c == '/') > 1 ? "-one" : "")}");
            }
            tab.AssertOnlyTheGateway(who);
        }
        await using var phone = await market.OpenAsync(390, 844);
        await phone.SignInAsync(tenant);
        foreach (var hash in new[] { "#/market", "#/bids", "#/bookings", "#/plan" })
        {
            await phone.GoAsync(hash);
            await phone.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.True(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), $"{hash} scrolls sideways on a phone");
        }
        await phone.ScreenshotAsync("phone-plan");
    }
}

public sealed record LedgerEntry(Guid Id, string Account, Guid? BookingId, string Kind, decimal Amount);
