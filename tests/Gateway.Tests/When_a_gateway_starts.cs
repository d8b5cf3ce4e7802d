using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests;

/// <summary>
/// A gateway restarted under load answered nothing for 10 to 45 s (chaos runs): MassTransit started the endpoint its
/// answers come to only at the first request, and blocked a thread per request until it consumed. Now it starts with
/// the bus (BusSetup: AutoStart).
/// </summary>
public sealed class When_a_gateway_starts(GatewayAlone gateways) : IClassFixture<GatewayAlone>
{
    [Fact]
    public async Task Should_consume_its_answers_once_ready_without_waiting_for_a_first_request()
    {
        var host = await gateways.StartAsync();

        var bus = host.Services.GetRequiredService<IBusControl>();
        var endpoints = bus.CheckHealth().Endpoints;
        Assert.True(endpoints.TryGetValue(bus.Address.ToString(), out var busEndpoint), "the bus endpoint is not in the bus's health");
        // MassTransit says "ready (not started)" for an endpoint that is ready but does not consume yet.
        Assert.Equal("ready", busEndpoint!.Description);
    }
}
