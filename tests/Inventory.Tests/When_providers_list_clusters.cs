using System.Net;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>API.md: POST answers 201 with Location and the cluster; lists are newest first, paged, filtered.</summary>
[Collection(InventoryMarket.Name)]
public sealed class When_providers_list_clusters(MarketplaceFixture market)
{
    [Fact]
    public async Task Should_create_the_cluster_with_its_nodes_and_answer_201_with_location()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var from = Samples.NextHour.AddDays(1);
        var body = Samples.Cluster(gpuModel: "MI300X-192GB", nodeCount: 5, gpusPerNode: 8, ask: 3.1234m, region: "eu-west-2",
            kind: "roce", gbps: 400, from: from, until: from.AddDays(10), name: "frankfurt-a");

        var response = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cluster = await ApiClient.ReadSuccessAsync<ClusterDto>(response);
        Assert.Equal($"/v1/clusters/{cluster.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(new ClusterDto(cluster.Id, provider.OrganizationId, "frankfurt-a", "eu-west-2", "MI300X-192GB", 8, 5,
            new InterconnectDto("roce", 400), 3.1234m, from, from.AddDays(10), "active", cluster.CreatedAt, cluster.CreatedAt), cluster);
        Assert.Equal(cluster, await provider.GetAsync<ClusterDto>($"/v1/clusters/{cluster.Id}"));
        var calendar = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar");
        Assert.Equal([0, 1, 2, 3, 4], calendar.Nodes.Select(n => n.Index));
    }

    [Fact]
    public async Task Should_create_one_cluster_for_retries_with_the_same_idempotency_key()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var body = Samples.Cluster();

        var first = await provider.PostAsync<ClusterDto>("/v1/clusters", body, idempotencyKey: "list-once");
        var retry = await provider.SendAsync(HttpMethod.Post, "/v1/clusters", body, idempotencyKey: "list-once");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Id, (await ApiClient.ReadSuccessAsync<ClusterDto>(retry)).Id);
        Assert.Single((await provider.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items);
    }

    [Fact]
    public async Task Should_page_newest_first_through_every_cluster_once()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var created = new List<ClusterDto>();
        for (var i = 0; i < 5; i++) created.Add(await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster()));

        var seen = new List<ClusterDto>();
        string? cursor = null;
        do
        {
            var page = await provider.GetAsync<Page<ClusterDto>>($"/v1/clusters?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(created.Select(c => c.Id).Reverse(), seen.Select(c => c.Id));
        var all = await provider.GetAsync<Page<ClusterDto>>("/v1/clusters?limit=5");
        Assert.Equal(5, all.Items.Count);
        Assert.Null(all.NextCursor);
    }

    [Fact]
    public async Task Should_filter_by_gpu_model_region_and_status()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var h100East = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H100-SXM-80GB", region: "us-east-1"));
        var h100West = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "H100-SXM-80GB", region: "us-west-2"));
        var b200East = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "B200-SXM-192GB", region: "us-east-1"));
        await provider.SendAsync(HttpMethod.Delete, $"/v1/clusters/{h100West.Id}");

        async Task<Guid[]> Ids(string query) => (await provider.GetAsync<Page<ClusterDto>>($"/v1/clusters?{query}")).Items.Select(c => c.Id).ToArray();

        Assert.Equal([h100West.Id, h100East.Id], await Ids("gpuModel=H100-SXM-80GB"));
        Assert.Equal([b200East.Id, h100East.Id], await Ids("region=us-east-1"));
        Assert.Equal([h100East.Id], await Ids("gpuModel=H100-SXM-80GB&region=us-east-1"));
        Assert.Equal([h100West.Id], await Ids("status=delisted"));
        Assert.Equal([b200East.Id, h100East.Id], await Ids("status=active"));
        Assert.Empty(await Ids("gpuModel=A10G-24GB"));
    }
}
