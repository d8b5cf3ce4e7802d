using System.Net;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>Issue 10, point 6: "$" matched before a final newline, so "east\n" passed as one of a bid's regions.</summary>
[Collection(QuietMarket.Name)]
public sealed class When_a_region_ends_with_a_newline(QuietMarketFixture market)
{
    [Fact]
    public async Task Should_refuse_it_among_a_bids_regions_with_400()
    {
        var tenant = await market.NewOrganizationAsync("tenant");

        var response = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(regions: ["us-east-1", "east\n"]));

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["regions[1]"]);
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items);
    }

    [Fact]
    public async Task Should_be_refused_by_the_database_too()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions, max_price, expires_at)
            values (gen_random_uuid(), gen_random_uuid(), 'H100-SXM-80GB', 8, 1, now(), now() + interval '1 day',
                    array['us-east-1', E'east\n'], 1, now() + interval '1 day')
            """, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}
