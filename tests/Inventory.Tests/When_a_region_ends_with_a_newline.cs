using System.Net;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>Issue 10, point 6: "$" matched before a final newline, so "east\n" passed as a region.</summary>
[Collection(InventoryMarket.Name)]
public sealed class When_a_region_ends_with_a_newline(MarketplaceFixture market)
{
    [Theory]
    [InlineData("east\n")]
    [InlineData("east\r\n")]
    [InlineData("\neast")]
    public async Task Should_refuse_it_as_a_cluster_region_with_400(string region)
    {
        var provider = await market.NewOrganizationAsync("provider");

        var response = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster(region: region));

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["region"]);
        Assert.Empty((await provider.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items);
        await ApiClient.AssertProblemAsync(await provider.Http.GetAsync("/v1/clusters?region=east%0A"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_be_refused_by_the_database_too()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("inventory")));
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            insert into clusters (id, provider_id, name, region, gpu_model, gpus_per_node, node_count, interconnect_kind,
                                  gbps_per_node, ask_price, available_from, available_until)
            values (gen_random_uuid(), gen_random_uuid(), 'x', E'east\n', 'H100-SXM-80GB', 8, 1, 'infiniband', 100, 1, now(), now() + interval '1 day')
            """, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}
