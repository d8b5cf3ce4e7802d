using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>A marketplace where a provider may have three active clusters of at most 16 nodes each.</summary>
public sealed class SmallClusterQuotasMarketFixture : MarketplaceFixture
{
    public const int Clusters = 3;
    public const int Nodes = 16;

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Inventory:MaxActiveClustersPerProvider"] = Clusters.ToString();
        settings["Inventory:MaxNodesPerCluster"] = Nodes.ToString();
        return settings;
    }
}

/// <summary>
/// Issue 10, point 10: active clusters per provider (Inventory:MaxActiveClustersPerProvider) and nodes per cluster
/// (Inventory:MaxNodesPerCluster) are limited, race-safely, with 422.
/// </summary>
public sealed class When_a_provider_reaches_its_cluster_quotas(SmallClusterQuotasMarketFixture market) : IClassFixture<SmallClusterQuotasMarketFixture>
{
    [Fact]
    public async Task Should_refuse_the_fourth_active_cluster_with_422_quota_exceeded()
    {
        var provider = await market.NewOrganizationAsync("provider");
        for (var i = 0; i < SmallClusterQuotasMarketFixture.Clusters; i++) await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());

        var problem = await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster()), (HttpStatusCode)422);

        Assert.Equal("Quota exceeded", problem["title"]?.GetValue<string>());
        Assert.Contains("at most 3 active clusters", problem["detail"]?.GetValue<string>());
        Assert.Equal(3, (await provider.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items.Count);
    }

    [Fact]
    public async Task Should_list_exactly_the_quota_when_ten_clusters_are_listed_at_once()
    {
        var provider = await market.NewOrganizationAsync("provider");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => provider.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster())));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => (int)r.StatusCode == 422));
        Assert.Equal(3, (await provider.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items.Count);
    }

    [Fact]
    public async Task Should_free_quota_when_a_cluster_is_delisted()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var clusters = new List<ClusterDto>();
        for (var i = 0; i < SmallClusterQuotasMarketFixture.Clusters; i++) clusters.Add(await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster()));

        await ApiClient.ReadSuccessAsync<ClusterDto>(await provider.SendAsync(HttpMethod.Delete, $"/v1/clusters/{clusters[0].Id}"));

        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster()), (HttpStatusCode)422);
    }

    [Fact]
    public async Task Should_refuse_a_cluster_above_the_node_quota_with_422_though_the_api_allows_it()
    {
        var provider = await market.NewOrganizationAsync("provider");

        var problem = await ApiClient.AssertProblemAsync(
            await provider.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster(nodeCount: SmallClusterQuotasMarketFixture.Nodes + 1)), (HttpStatusCode)422);

        Assert.Contains("at most 16 nodes", problem["detail"]?.GetValue<string>());
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: SmallClusterQuotasMarketFixture.Nodes));
        // nodeCount above API.md's 10000 stays a validation error.
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster(nodeCount: 10001)), HttpStatusCode.BadRequest);
    }
}
