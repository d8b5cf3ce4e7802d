using System.Net;
using System.Net.Http.Json;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>The gateway behind a broker proxy, with a two-second service timeout.</summary>
public sealed class GatewayBehindAStallableBroker : GatewayBehindABrokerProxy
{
    protected override TimeSpan ServiceTimeout => TimeSpan.FromSeconds(2);
}

/// <summary>
/// A request's send can wait for a publisher confirm that does not come (a connection that stopped passing bytes, or
/// RabbitMQ.Client 7.2 losing the confirm with its connection), and MassTransit ends a request only after its send.
/// The gateway must still answer by its own deadline (Messaging/BoundedRequest): placements travel together (ADR 0012),
/// so a batch that never ended would hold every placement after it.
/// </summary>
public sealed class When_the_broker_stops_answering_a_request(GatewayBehindAStallableBroker market) : IClassFixture<GatewayBehindAStallableBroker>
{
    [Fact]
    public async Task Should_answer_503_by_the_timeout_and_place_again_once_the_broker_answers()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        Assert.Equal(HttpStatusCode.Created, (await tenant.Http.PostAsync("/v1/bids", JsonContent.Create(Samples.Bid()))).StatusCode);

        market.Broker.Stall();
        try
        {
            // Nothing passes the proxy: an answer can only come from the gateway's own deadline (2 s, plus a second).
            var response = await tenant.Http.PostAsync("/v1/bids", JsonContent.Create(Samples.Bid())).WaitAsync(TimeSpan.FromSeconds(30));

            var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("The bidding service did not answer in time.", problem["detail"]!.GetValue<string>());
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        }
        finally
        {
            market.Broker.Resume();
        }

        await Eventually.True(async () => (await tenant.Http.PostAsync("/v1/bids", JsonContent.Create(Samples.Bid()))).StatusCode == HttpStatusCode.Created,
            TimeSpan.FromSeconds(60), "placements go through once the broker answers again");
    }
}
