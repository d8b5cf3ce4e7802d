using System.Text.Json.Nodes;
using Marketplace.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests;

/// <summary>
/// A gateway restarted under load answered nothing for 10 to 45 s (chaos runs): MassTransit starts the endpoint replies
/// come to only at the first request, and blocks a thread per request until it consumes. Now it starts with the bus.
/// </summary>
public sealed class When_a_gateway_starts(GatewayAlone gateways) : IClassFixture<GatewayAlone>
{
    [Fact]
    public async Task Should_consume_replies_before_it_reports_ready_without_waiting_for_a_first_request()
    {
        var host = await gateways.StartAsync();

        Assert.True(host.Services.GetRequiredService<ReplyEndpointStart>().IsStarted, "ready, but the reply endpoint does not consume");
        var health = JsonNode.Parse(await host.CreateClient().GetStringAsync("/health/ready"))!;
        Assert.Equal("Healthy", health["checks"]!["reply-endpoint"]!.GetValue<string>());
    }
}
