using System.Net;
using Hosting.Tests.Messages;
using Marketplace.Testing;
using Xunit;

namespace Hosting.Tests;

/// <summary>A probe service that also lets one documentation network (TEST-NET-2) read its metrics.</summary>
public sealed class ScrapedProbe : IAsyncLifetime
{
    public const string AllowedNetwork = "198.51.100.0/24";

    public ProbeService Service { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Service = await ProbeService.StartAsync(new Dictionary<string, string?> { ["Metrics:AllowedNetworks:0"] = AllowedNetwork });

    public async Task DisposeAsync() => await Service.DisposeAsync();
}

/// <summary>
/// Issue 11: every service answers /metrics in Prometheus' text format, with the outbox's backlog and the consumers'
/// durations, to callers on its own machine and the networks it is told to trust; to anyone else it is not there (404).
/// The probe listens on a real port, so "a caller on this machine" here is a real loopback connection.
/// </summary>
public sealed class When_a_service_is_scraped_for_metrics(ScrapedProbe probe) : IClassFixture<ScrapedProbe>
{
    private ProbeService Service => probe.Service;

    private async Task<Guid> CreateWidgetAsync()
    {
        var id = Guid.NewGuid();
        await using var uow = await Service.Db.BeginAsync();
        await uow.ExecuteAsync("insert into widgets (id, name) values (@id, 'w')", new { id });
        await uow.PublishAsync(new WidgetCreated(id, "w"));
        await uow.CommitAsync();
        return id;
    }

    [Fact]
    public async Task Should_show_the_outbox_and_the_consumers_durations_to_a_caller_on_this_machine()
    {
        var id = await CreateWidgetAsync();
        await Eventually.True(async () => await Service.CountAsync("select count(*) from widget_events where widget_id = @id", new { id }) == 1,
            what: "event consumed");

        using var http = Service.Http();
        var body = await Scrape.UntilShownFromAsync(http, null,
            "marketplace_outbox_unsent_messages", "marketplace_outbox_oldest_unsent_age_seconds", "marketplace_outbox_relayed_messages_total");
        // MassTransit's own consume metrics are not asked for here: its instrumentation is one static meter per process,
        // set up by the first bus and fed only through activities, and test processes start and stop many in-process
        // hosts, so whether they show depends on which ran before. A service process has one bus: docs/operations.md
        // "Metrics" shows them scraped from the running system.
        Assert.True(Scrape.Value(body, "marketplace_outbox_relayed_messages_total") >= 1);
        Assert.Contains("# TYPE marketplace_outbox_unsent_messages gauge", body);
        Assert.Contains("# TYPE marketplace_outbox_relayed_messages_total counter", body);
    }

    [Fact]
    public async Task Should_show_a_backlog_that_ages_while_rabbitmq_is_away_and_drains_when_it_is_back()
    {
        using var http = Service.Http();
        Service.Rabbit.Cut();
        try
        {
            await CreateWidgetAsync();
            var body = await Eventually.Until(() => Scrape.UntilShownFromAsync(http, null, "marketplace_outbox_unsent_messages"),
                b => Scrape.Value(b, "marketplace_outbox_unsent_messages") >= 1 && Scrape.Value(b, "marketplace_outbox_oldest_unsent_age_seconds") > 0,
                what: "a backlog with an age");
            Assert.True(Scrape.Value(body, "marketplace_outbox_oldest_unsent_age_seconds") < 300);
        }
        finally
        {
            Service.Rabbit.Start();
        }
        var drained = await Eventually.Until(() => Scrape.UntilShownFromAsync(http, null, "marketplace_outbox_unsent_messages"),
            b => Scrape.Value(b, "marketplace_outbox_unsent_messages") == 0, TimeSpan.FromSeconds(60), "the backlog drained");
        Assert.Equal(0, Scrape.Value(drained, "marketplace_outbox_oldest_unsent_age_seconds"));
    }

    [Fact]
    public async Task Should_answer_404_to_a_caller_from_another_network()
    {
        using var http = Service.Http();
        var response = await Scrape.FromAsync(http, Scrape.Internet);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("marketplace_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_answer_a_caller_from_a_network_it_is_told_to_allow()
    {
        using var http = Service.Http();
        await Scrape.UntilShownFromAsync(http, "198.51.100.7", "marketplace_outbox_unsent_messages");
        Assert.Equal(HttpStatusCode.NotFound, (await Scrape.FromAsync(http, "198.51.101.7")).StatusCode);
    }

    [Fact]
    public async Task Should_answer_404_to_a_request_a_proxy_on_this_machine_forwarded()
    {
        // The connection is loopback, but the request names another client: a reverse proxy on this host passed it on.
        using var http = Service.Http();
        Assert.Equal(HttpStatusCode.NotFound, (await Scrape.FromAsync(http, null, forwardedFor: Scrape.Internet)).StatusCode);
    }
}
