using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>API.md usage reports: the booking's provider only, whole hours inside the booking, at most what was booked, never overlapping.</summary>
[Collection(SettlementCollection.Name)]
public sealed class When_providers_report_usage(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_accept_valid_reports_from_the_bookings_provider_only()
    {
        var window = market.NewWindow();
        var (provider, _) = await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window, gpuCount: 8, hours: 4); // 32 GPU-hours
        var path = $"/v1/bookings/{booking.Id}/usage";
        object Report(int fromHour, int toHour, decimal delivered, string? note = null) => new
        {
            periodStart = Samples.Iso(booking.StartsAt.AddHours(fromHour)), periodEnd = Samples.Iso(booking.StartsAt.AddHours(toHour)),
            deliveredGpuHours = delivered, note,
        };

        var otherProvider = await market.NewOrganizationAsync("provider");
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, path, Report(0, 1, 8)), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await _scenario.Admin.SendAsync(HttpMethod.Post, path, Report(0, 1, 8)), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await otherProvider.SendAsync(HttpMethod.Post, path, Report(0, 1, 8)), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, $"/v1/bookings/{Guid.NewGuid()}/usage", Report(0, 1, 8)), HttpStatusCode.NotFound);

        await AssertInvalidAsync(provider, path, Report(-1, 1, 8), "periodStart");         // starts before the booking
        await AssertInvalidAsync(provider, path, Report(3, 5, 8), "periodEnd");             // ends after it
        await AssertInvalidAsync(provider, path, Report(1, 1, 0), "periodEnd");             // empty
        await AssertInvalidAsync(provider, path, Report(0, 1, 8.5m), "deliveredGpuHours");  // more than the 8 booked
        await AssertInvalidAsync(provider, path, Report(0, 1, -1), "deliveredGpuHours");
        await AssertInvalidAsync(provider, path, new { periodStart = Samples.Iso(booking.StartsAt).Replace(":00:00Z", ":30:00Z"),
            periodEnd = Samples.Iso(booking.EndsAt), deliveredGpuHours = 1 }, "periodStart");
        await AssertInvalidAsync(provider, path, new { periodStart = Samples.Iso(booking.StartsAt) }, "deliveredGpuHours");

        var created = await provider.SendAsync(HttpMethod.Post, path, Report(0, 2, 12.5m, "one node rebooted"), idempotencyKey: "usage-1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = await ApiClient.ReadSuccessAsync<UsageReportDto>(created);
        Assert.Equal($"/v1/bookings/{booking.Id}/usage/{report.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal((booking.Id, provider.OrganizationId, 16m, 12.5m, "one node rebooted"),
            (report.BookingId, report.ProviderId, report.BookedGpuHours, report.DeliveredGpuHours, report.Note));
        var replay = await ApiClient.ReadSuccessAsync<UsageReportDto>(
            await provider.SendAsync(HttpMethod.Post, path, Report(0, 2, 12.5m, "one node rebooted"), idempotencyKey: "usage-1"));
        Assert.Equal(report.Id, replay.Id);

        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path, Report(1, 3, 16)), HttpStatusCode.Conflict);
        await provider.PostAsync<UsageReportDto>(path, Report(2, 4, 16)); // adjacent is fine
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path, Report(0, 4, 32)), HttpStatusCode.Conflict);

        var listed = await tenant.GetAsync<UsageReportListDto>(path);
        Assert.Equal([12.5m, 16m], listed.Items.Select(r => r.DeliveredGpuHours));
        Assert.Equal(report.Id, (await provider.GetAsync<UsageReportDto>($"{path}/{report.Id}")).Id);
        await ApiClient.AssertProblemAsync(await (await market.NewOrganizationAsync("tenant")).Http.GetAsync(path), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await otherProvider.Http.GetAsync($"{path}/{report.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_refuse_reports_on_a_booking_cancelled_before_it_started()
    {
        var window = market.NewWindow();
        var (provider, _) = await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        await tenant.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel");
        await Eventually.Until(() => _scenario.EntriesAsync(booking.Id), e => e.Any(x => x.Kind == "refund"), what: "cancellation settled");

        var response = await provider.SendAsync(HttpMethod.Post, $"/v1/bookings/{booking.Id}/usage", new
        {
            periodStart = Samples.Iso(booking.StartsAt), periodEnd = Samples.Iso(booking.StartsAt.AddHours(1)), deliveredGpuHours = 0,
        });
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    private static async Task AssertInvalidAsync(ApiClient client, string path, object body, string field)
    {
        var problem = await ApiClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Post, path, body), HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?[field] is not null, $"expected an error on {field}: {problem}");
    }
}
