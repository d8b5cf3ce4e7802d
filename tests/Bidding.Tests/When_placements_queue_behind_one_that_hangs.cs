using System.Diagnostics;
using System.Net;
using Dapper;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Gateway.Bids;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// ADR 0012: placements that arrive while one is on its way to bidding wait for it. When it hangs until the gateway's
/// timeout, they have waited out theirs: they are answered 503 at once and never sent, so no client waits for two
/// timeouts and nothing is placed behind its back.
/// </summary>
public sealed class When_placements_queue_behind_one_that_hangs(SixSecondGatewayMarketFixture market) : IClassFixture<SixSecondGatewayMarketFixture>
{
    [Fact]
    public async Task Should_answer_those_that_waited_out_their_timeout_503_without_sending_them()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var batcher = market.GatewayHost.Services.GetRequiredService<PlaceBidBatcher>();
        var requestsBefore = batcher.Requests;

        Task<HttpResponseMessage> first;
        HttpResponseMessage[] queued;
        await using (var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding"))))
        {
            await blocker.OpenAsync();
            await using var tx = await blocker.BeginTransactionAsync();
            await blocker.ExecuteAsync("lock table bids in exclusive mode", transaction: tx); // the placement hangs in bidding
            first = tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8));
            // Once it is on its way, three more arrive: they wait for it.
            var deadline = Stopwatch.StartNew();
            while (batcher.Requests == requestsBefore)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(5), "the first placement was not sent");
                await Task.Delay(5);
            }
            queued = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(gpuCount: 8))));
            await ApiClient.AssertProblemAsync(await first, HttpStatusCode.ServiceUnavailable);
            await tx.CommitAsync();
        }

        foreach (var answer in queued) await ApiClient.AssertProblemAsync(answer, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, batcher.Requests - requestsBefore);
        // The first, sent, is placed late (a retry with its key would land on it); the three were never sent.
        var placed = await Eventually.Until(() => BidIdsAsync(tenant.OrganizationId), ids => ids.Count > 0, what: "the late bid is placed");
        Assert.Single(placed);
    }

    private async Task<List<Guid>> BidIdsAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        return (await connection.QueryAsync<Guid>("select id from bids where tenant_id = @tenantId", new { tenantId })).AsList();
    }
}
