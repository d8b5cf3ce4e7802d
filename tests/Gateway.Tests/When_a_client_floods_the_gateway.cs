using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>A gateway that lets one client address make 20 requests, then one every 100 s.</summary>
public sealed class FloodGuardedGateway : OneGateway
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Gateway:ClientRateLimitBurst"] = "20",
        ["Gateway:ClientRateLimitPerSecond"] = "0.01",
    };
}

/// <summary>Issue 10 point 3 and 4: the per-client limit holds before any key is looked up; health probes are never limited.</summary>
public sealed class When_a_client_floods_the_gateway(FloodGuardedGateway gateway) : IClassFixture<FloodGuardedGateway>
{
    [Fact]
    public async Task Should_answer_429_with_retry_after_to_a_flood_of_made_up_keys_whatever_address_it_claims()
    {
        var limited = await FloodUntilLimitedAsync();

        var problem = await ApiClient.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is missing");
        Assert.NotNull(problem["detail"]);
    }

    [Fact]
    public async Task Should_answer_health_probes_while_the_client_is_limited()
    {
        await FloodUntilLimitedAsync();
        var http = gateway.Client(null).Http;
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync("/v1/me")).StatusCode);
    }

    /// <summary>
    /// Random keys, each request claiming another X-Forwarded-For: with no trusted proxy configured the header is
    /// ignored, so the flood stays one client. Bounded: 20 requests fit the bucket, so 60 must be refused somewhere.
    /// </summary>
    private async Task<HttpResponseMessage> FloodUntilLimitedAsync()
    {
        var http = gateway.Client(null).Http;
        for (var i = 0; i < 60; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer mk_{Guid.NewGuid():N}");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"203.0.113.{i % 250}");
            var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return response;
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        throw new Xunit.Sdk.XunitException("60 requests with made-up keys were never limited");
    }
}
