using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>Settlement tells admins of each run and each discrepancy it found; no tenant or provider sees them.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class When_a_reconciliation_runs(NotificationsMarket market)
{
    [Fact]
    public async Task Should_show_every_admin_the_run_and_its_discrepancies()
    {
        var admin = market.Admin();
        var region = $"recon-{Guid.NewGuid():N}"[..20];
        var start = Samples.NextHour.AddDays(40 + Random.Shared.Next(0, 100));
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(region: region, from: start, until: start.AddDays(2)));
        var strayBooking = Guid.NewGuid();
        await market.ExecuteAsync("inventory",
            """
            insert into node_holds (booking_id, cluster_id, node_index, period, status)
            values (@strayBooking, @cluster, 0, tstzrange(@from, @to, '[)'), 'booked')
            """, new { strayBooking, cluster = cluster.Id, from = start.AddHours(2), to = start.AddHours(6) });

        var response = await admin.SendAsync(HttpMethod.Post, "/v1/reconciliations", new { from = Samples.Iso(start), to = Samples.Iso(start.AddDays(2)) });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await ApiClient.ReadSuccessAsync<ReconciliationStartedDto>(response);
        var run = await Eventually.Until(() => admin.GetAsync<ReconciliationDto>($"/v1/reconciliations/{started.Id}"), r => r.Status != "running", what: "run done");
        var found = Assert.Single(run.Discrepancies);

        var events = await Feed.UntilAsync(admin, e => e.Any(x => x.Type == "reconciliation.completed" && x.Data.GetProperty("id").GetGuid() == run.Id),
            "the run told");
        var discrepancy = Assert.Single(events, e => e.Type == "discrepancy.found" && e.Data.GetProperty("reconciliationId").GetGuid() == run.Id);
        Assert.Equal(found.Id, discrepancy.Data.GetProperty("id").GetGuid());
        Assert.Equal(("hold-without-booking", strayBooking, "open"),
            (discrepancy.Data.GetProperty("kind").GetString(), discrepancy.Data.GetProperty("bookingId").GetGuid(), discrepancy.Data.GetProperty("status").GetString()));
        var completed = events.Single(e => e.Type == "reconciliation.completed" && e.Data.GetProperty("id").GetGuid() == run.Id);
        Assert.Equal(("completed", 1), (completed.Data.GetProperty("status").GetString(), completed.Data.GetProperty("discrepancies").GetInt32()));
        Assert.True(events.IndexOf(discrepancy) < events.IndexOf(completed), "discrepancies come before the run's completion");

        // Another admin key sees the same events; a provider none of them.
        var otherAdmin = await market.NewOrganizationAsync("admin");
        Assert.Contains(await Feed.AllAsync(otherAdmin), e => e.Id == completed.Id);
        Assert.DoesNotContain(await Feed.AllAsync(provider), e => e.Type is "reconciliation.completed" or "discrepancy.found");
    }

    [Fact]
    public async Task Should_tell_the_discrepancies_first_even_when_the_completion_arrives_before_them()
    {
        var admin = market.Admin();
        await using var bus = await OutsideBus.StartAsync(market);
        var run = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var view = new Marketplace.Contracts.Settlement.DiscrepancyView(Guid.NewGuid(), run, "hold-without-booking", Guid.NewGuid(),
            "node 0 held with no booking", null, "open", null);

        // The completion overtakes its discrepancy (they travel on separate queues), then the discrepancy comes too.
        await bus.PublishAsync(new Marketplace.Contracts.Settlement.ReconciliationCompleted(run, at.AddDays(-1), at, "completed", 1, at, [view]), Guid.NewGuid());
        await Feed.UntilAsync(admin, e => e.Any(x => x.Type == "reconciliation.completed" && x.Data.GetProperty("id").GetGuid() == run), "the run told");
        var late = Guid.NewGuid();
        await bus.PublishAsync(new Marketplace.Contracts.Settlement.DiscrepancyFound(view, at), late);
        await Eventually.True(async () => await market.ScalarAsync<long>("notifications",
            "select count(*) from inbox where message_id = @late", new { late }) == 1, what: "the late discrepancy consumed");

        var events = (await Feed.AllAsync(admin)).Where(e => e.Type == "reconciliation.completed" && e.Data.GetProperty("id").GetGuid() == run
            || e.Type == "discrepancy.found" && e.Data.GetProperty("id").GetGuid() == view.Id).ToList();
        Assert.Equal(["discrepancy.found", "reconciliation.completed"], events.Select(e => e.Type));
    }
}
