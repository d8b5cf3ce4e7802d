using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Gateway.Bids;
using Marketplace.Hosting.Messaging;
using Marketplace.Hosting.Security;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// ADR 0016: the gateway sends a batch of placements straight to bidding over HTTP, signed over its body, and through
/// the broker when no bidding instance takes it. Whichever way it goes, each client gets one answer and one bid: a batch
/// sent again through the broker after it was placed over HTTP is answered as placed.
/// </summary>
public sealed class When_placements_go_straight_to_bidding(ProxiedBiddingMarketFixture market) : IClassFixture<ProxiedBiddingMarketFixture>
{
    private BiddingLink Link => market.GatewayHost.Services.GetRequiredService<BiddingLink>();
    private PlaceBidBatcher Batcher => market.GatewayHost.Services.GetRequiredService<PlaceBidBatcher>();

    [Fact]
    public async Task Should_answer_a_post_over_http_without_the_broker()
    {
        market.Proxy.Forward();
        var tenant = await market.NewOrganizationAsync("tenant");

        // An earlier test of the class may have left the instance paused for a moment (it refused a connection): until
        // then a placement goes through the broker.
        var placed = await Eventually.Until(async () =>
        {
            var (answered, throughBroker) = (Link.Answered, Batcher.SentThroughBroker);
            var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
            return (Direct: Link.Answered == answered + 1, Broker: Batcher.SentThroughBroker - throughBroker, Bid: bid);
        }, r => r.Direct, TimeSpan.FromSeconds(15), "a placement answered over http");

        Assert.Equal(0, placed.Broker);
        Assert.Equal("open", (await tenant.GetAsync<BidDto>($"/v1/bids/{placed.Bid.Id}")).Status);
        await BatchesShownAsync("straight");
    }

    [Fact]
    public async Task Should_send_them_through_the_broker_while_no_bidding_instance_takes_connections()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        market.Proxy.Cut();
        try
        {
            var (answered, throughBroker) = (Link.Answered, Batcher.SentThroughBroker);

            var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(), idempotencyKey: Guid.NewGuid().ToString());

            Assert.Equal(answered, Link.Answered);
            Assert.Equal(throughBroker + 1, Batcher.SentThroughBroker);
            Assert.Equal([bid.Id], await BidIdsAsync(tenant.OrganizationId));
            await BatchesShownAsync("broker");
        }
        finally { market.Proxy.Start(); }
    }

    [Fact]
    public async Task Should_place_a_batch_once_when_its_connection_breaks_after_bidding_took_it()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        market.Proxy.Forward();
        var (requests, throughBroker) = (Batcher.Requests, Batcher.SentThroughBroker);
        Task<HttpResponseMessage> post;
        await using (var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding"))))
        {
            await blocker.OpenAsync();
            await using var tx = await blocker.BeginTransactionAsync();
            await blocker.ExecuteAsync("lock table bids in exclusive mode", transaction: tx); // bidding holds the batch
            post = tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(), Guid.NewGuid().ToString());
            await Eventually.True(() => Task.FromResult(Batcher.Requests > requests), TimeSpan.FromSeconds(10), "the batch is sent");
            await Eventually.True(() => PlacementsWaitingAsync(), TimeSpan.FromSeconds(10), "bidding holds the batch");
            // The connection breaks with the batch in bidding's hands: the gateway sends it again through the broker.
            market.Proxy.Refuse();
            await tx.CommitAsync();
        }

        var bid = await ApiClient.ReadSuccessAsync<BidDto>(await post);
        Assert.Equal([bid.Id], await BidIdsAsync(tenant.OrganizationId));
        Assert.Equal(1, Batcher.SentThroughBroker - throughBroker);
        market.Proxy.Forward();
    }

    [Fact]
    public async Task Should_refuse_a_batch_not_signed_over_its_body_and_place_nothing()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var signature = new CallerSignature(MarketplaceFixture.CallerSigningKey);
        var signed = Body(tenant.OrganizationId);
        var other = Body(tenant.OrganizationId);
        using var http = new HttpClient { BaseAddress = market.BiddingAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, other, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, other, signature.SignBody(signed))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, other, new CallerSignature("another-key-0123456789abcdef0123456789").SignBody(other))).StatusCode);
        Assert.Empty(await BidIdsAsync(tenant.OrganizationId));

        // The same batch, signed with the services' key over its own body, is placed.
        var placed = await PostAsync(http, signed, signature.SignBody(signed));
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        var answer = JsonSerializer.Deserialize<PlaceBidsAnswered>(await placed.Content.ReadAsStringAsync(), MessageTypes.Json)!;
        Assert.Equal(await BidIdsAsync(tenant.OrganizationId), [answer.Outcomes.Single().Bid!.Id]);
    }

    private static byte[] Body(Guid tenant) => JsonSerializer.SerializeToUtf8Bytes(new PlaceBids(
        [new PlaceBid(new Caller(tenant, Roles.Tenant), Guid.CreateVersion7(), "H100-SXM-80GB", 8, 4, Samples.NextHour, Samples.NextHour.AddDays(3),
            ["us-east-1"], null, 2.5m, null)]), MessageTypes.Json);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PlaceBids.DirectPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null) request.Headers.Add(CallerSignature.BodyHeader, signature);
        return await http.SendAsync(request);
    }

    /// <summary>The gateway's /metrics counts batches by the way they went (operations.md).</summary>
    private Task BatchesShownAsync(string way) =>
        Eventually.True(async () =>
        {
            var body = await Scrape.UntilShownAsync(market.GatewayHost.CreateClient(), "marketplace_gateway_placement_batches_total");
            return Scrape.Samples(body, "marketplace_gateway_placement_batches_total").Any(s => s.Contains($"way=\"{way}\"", StringComparison.Ordinal))
                && Scrape.Value(body, "marketplace_gateway_placement_batches_total", $"way=\"{way}\"") >= 1;
        }, TimeSpan.FromSeconds(30), $"batches sent the {way} way counted");

    private async Task<bool> PlacementsWaitingAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from pg_locks where not granted and relation = 'bids'::regclass") > 0;
    }

    private async Task<List<Guid>> BidIdsAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        return (await connection.QueryAsync<Guid>("select id from bids where tenant_id = @tenantId", new { tenantId })).AsList();
    }
}
