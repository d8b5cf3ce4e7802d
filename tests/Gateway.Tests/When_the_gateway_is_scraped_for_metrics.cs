using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>A gateway that lets one client address make 10 requests, then one every 100 s.</summary>
public sealed class ScrapedGateway : OneGateway
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Gateway:ClientRateLimitBurst"] = "10",
        ["Gateway:ClientRateLimitPerSecond"] = "0.01",
    };
}

/// <summary>
/// Issue 11: the gateway's port is public, so its /metrics answers only callers on its own machine (and networks an
/// operator allows); to the internet it is not there. An allowed scrape needs no key and is never rate limited.
/// </summary>
public sealed class When_the_gateway_is_scraped_for_metrics(ScrapedGateway gateway) : IClassFixture<ScrapedGateway>
{
    [Fact]
    public async Task Should_show_request_durations_to_a_caller_on_this_machine()
    {
        await gateway.Admin().GetAsync<System.Text.Json.Nodes.JsonObject>("/v1/me");

        var body = await Scrape.UntilShownAsync(gateway.Client(null).Http,
            "http_server_request_duration_seconds_bucket", "marketplace_outbox_unsent_messages", "marketplace_outbox_oldest_unsent_age_seconds");
        Assert.Contains(Scrape.Samples(body, "http_server_request_duration_seconds_count"), s => s.Contains("http_route=\"/v1/me\""));
        // Scrapes are not traffic: they stay out of the request durations.
        Assert.DoesNotContain(Scrape.Samples(body, "http_server_request_duration_seconds_count"), s => s.Contains("/metrics"));
    }

    [Fact]
    public async Task Should_answer_404_to_a_caller_from_the_internet_even_with_an_admin_key()
    {
        var response = await Scrape.FromAsync(gateway.Admin().Http, Scrape.Internet);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("marketplace_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_answer_404_to_a_request_a_proxy_on_this_machine_forwarded()
    {
        // No trusted proxy is configured: the loopback connection is a proxy's, and the client it names is on the internet.
        var response = await Scrape.FromAsync(gateway.Client(null).Http, Scrape.Loopback, forwardedFor: Scrape.Internet);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Should_answer_a_local_scrape_whose_address_is_out_of_requests_whatever_key_it_carries()
    {
        var http = gateway.Client($"mk_{Guid.NewGuid():N}").Http; // a key that matches nothing
        const string local = "127.0.0.2"; // loopback too, and a bucket no other test here uses
        var limited = false;
        for (var i = 0; i < 30 && !limited; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            request.Headers.Add(TestClientAddress.Header, local);
            limited = (await http.SendAsync(request)).StatusCode == HttpStatusCode.TooManyRequests;
        }
        Assert.True(limited, "30 requests from one address were never limited");

        for (var i = 0; i < 15; i++)
            Assert.Equal(HttpStatusCode.OK, (await Scrape.FromAsync(http, local)).StatusCode);
    }
}
