using System.Net;
using Marketplace.Contracts;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using MassTransit;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// API.md: a provider sees and changes only its own clusters (another's is 404, never revealed); tenants see active
/// clusters and change none (403); admins see all. The inventory service enforces this itself, not only the gateway.
/// </summary>
[Collection(InventoryMarket.Name)]
public sealed class When_callers_reach_for_clusters_that_are_not_theirs(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_answer_404_to_another_provider_for_get_patch_delete_and_calendar_and_change_nothing()
    {
        var owner = await market.NewOrganizationAsync("provider");
        var other = await market.NewOrganizationAsync("provider");
        var cluster = await owner.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());

        await ApiClient.AssertProblemAsync(await other.Http.GetAsync($"/v1/clusters/{cluster.Id}"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await other.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { name = "mine now" }), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await other.SendAsync(HttpMethod.Delete, $"/v1/clusters/{cluster.Id}"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await other.Http.GetAsync($"/v1/clusters/{cluster.Id}/calendar"), HttpStatusCode.NotFound);

        // The same answer as for an id that does not exist at all: nothing is revealed.
        var unknown = await ApiClient.AssertProblemAsync(await other.Http.GetAsync($"/v1/clusters/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var foreign = await ApiClient.AssertProblemAsync(await other.Http.GetAsync($"/v1/clusters/{cluster.Id}"), HttpStatusCode.NotFound);
        Assert.Equal(unknown["detail"]?.ToString(), foreign["detail"]?.ToString());

        Assert.Equal(cluster, await owner.GetAsync<ClusterDto>($"/v1/clusters/{cluster.Id}"));
        Assert.DoesNotContain((await other.GetAsync<Page<ClusterDto>>("/v1/clusters?limit=200")).Items, c => c.Id == cluster.Id);
        Assert.Contains((await owner.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items, c => c.Id == cluster.Id);
    }

    [Fact]
    public async Task Should_answer_403_to_a_tenant_that_lists_changes_delists_or_reads_the_calendar()
    {
        var owner = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var cluster = await owner.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());

        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { name = "x" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Delete, $"/v1/clusters/{cluster.Id}"), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync($"/v1/clusters/{cluster.Id}/calendar"), HttpStatusCode.Forbidden);

        Assert.Equal("active", (await owner.GetAsync<ClusterDto>($"/v1/clusters/{cluster.Id}")).Status);
    }

    [Fact]
    public async Task Should_answer_403_to_an_admin_that_lists_changes_or_delists_a_providers_cluster()
    {
        var owner = await market.NewOrganizationAsync("provider");
        var admin = market.Admin();
        var cluster = await owner.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());

        await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Post, "/v1/clusters", Samples.Cluster()), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Patch, $"/v1/clusters/{cluster.Id}", new { name = "x" }), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await admin.SendAsync(HttpMethod.Delete, $"/v1/clusters/{cluster.Id}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Should_show_tenants_active_clusters_only_and_admins_all_of_them()
    {
        var owner = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var admin = market.Admin();
        var active = await owner.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());
        var delisted = await owner.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());
        await owner.SendAsync(HttpMethod.Delete, $"/v1/clusters/{delisted.Id}");

        Assert.Equal(active.Id, (await tenant.GetAsync<ClusterDto>($"/v1/clusters/{active.Id}")).Id);
        await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync($"/v1/clusters/{delisted.Id}"), HttpStatusCode.NotFound);
        var tenantList = (await tenant.GetAsync<Page<ClusterDto>>("/v1/clusters?limit=200")).Items;
        Assert.Contains(tenantList, c => c.Id == active.Id);
        Assert.DoesNotContain(tenantList, c => c.Id == delisted.Id);
        Assert.All(tenantList, c => Assert.Equal("active", c.Status));
        Assert.Empty((await tenant.GetAsync<Page<ClusterDto>>("/v1/clusters?status=delisted")).Items);

        Assert.Equal("delisted", (await admin.GetAsync<ClusterDto>($"/v1/clusters/{delisted.Id}")).Status);
        var adminList = (await admin.GetAsync<Page<ClusterDto>>("/v1/clusters?limit=200")).Items;
        Assert.Contains(adminList, c => c.Id == active.Id);
        Assert.Contains(adminList, c => c.Id == delisted.Id);
        var adminDelisted = (await admin.GetAsync<Page<ClusterDto>>("/v1/clusters?status=delisted&limit=200")).Items;
        Assert.Contains(adminDelisted, c => c.Id == delisted.Id);
        Assert.DoesNotContain(adminDelisted, c => c.Id == active.Id);
        await admin.GetAsync<CalendarDto>($"/v1/clusters/{delisted.Id}/calendar");

        // The owner still sees its delisted cluster, in its list and by id.
        Assert.Equal("delisted", (await owner.GetAsync<ClusterDto>($"/v1/clusters/{delisted.Id}")).Status);
        Assert.Contains((await owner.GetAsync<Page<ClusterDto>>("/v1/clusters")).Items, c => c.Id == delisted.Id);
    }

    [Fact]
    public async Task Should_answer_401_without_a_valid_key()
    {
        var owner = await market.NewOrganizationAsync("provider");
        var cluster = await owner.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());

        await ApiClient.AssertProblemAsync(await market.Client(null).Http.GetAsync($"/v1/clusters/{cluster.Id}"), HttpStatusCode.Unauthorized);
        await ApiClient.AssertProblemAsync(await market.Client("mk_not_a_key").Http.GetAsync("/v1/clusters"), HttpStatusCode.Unauthorized);
    }

    /// <summary>The gateway is not the only guard: asked directly over the bus, the inventory service refuses the same.</summary>
    [Fact]
    public async Task Should_enforce_ownership_in_the_inventory_service_itself()
    {
        var owner = await market.NewOrganizationAsync("provider");
        var cluster = await owner.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster());
        var otherProvider = new Caller(Guid.NewGuid(), Roles.Provider);
        var tenant = new Caller(Guid.NewGuid(), Roles.Tenant);
        var admin = new Caller(Guid.NewGuid(), Roles.Admin);

        Assert.Equal(404, (await AskAsync(new GetCluster(otherProvider, cluster.Id)))!.Status);
        Assert.Equal(404, (await AskAsync(new UpdateCluster(otherProvider, cluster.Id, "mine", null, null)))!.Status);
        Assert.Equal(404, (await AskAsync(new DelistCluster(otherProvider, cluster.Id)))!.Status);
        Assert.Equal(404, (await AskAsync(new GetCalendar(otherProvider, cluster.Id, cluster.AvailableFrom, cluster.AvailableFrom.AddDays(1))))!.Status);
        Assert.Equal(404, (await AskAsync(new UpdateCluster(admin, cluster.Id, "mine", null, null)))!.Status);
        Assert.Equal(404, (await AskAsync(new DelistCluster(tenant, cluster.Id)))!.Status);
        Assert.Equal(404, (await AskAsync(new GetCalendar(tenant, cluster.Id, cluster.AvailableFrom, cluster.AvailableFrom.AddDays(1))))!.Status);
        Assert.Equal(403, (await AskAsync(new ListCluster(tenant, Guid.NewGuid(), "n", "us-east-1", "H100-SXM-80GB", 8, 2,
            new Interconnect("infiniband", 400), 2m, cluster.AvailableFrom, cluster.AvailableUntil)))!.Status);
        Assert.Null(await AskAsync(new GetCluster(tenant, cluster.Id)));
        Assert.Null(await AskAsync(new GetCluster(admin, cluster.Id)));

        var page = await _inventory.Bus.CreateRequestClient<ListClusters>().GetResponse<ClusterPage>(new ListClusters(otherProvider, null, null, null, 200, null));
        Assert.DoesNotContain(page.Message.Items, c => c.Id == cluster.Id);
        Assert.Equal("active", (await owner.GetAsync<ClusterDto>($"/v1/clusters/{cluster.Id}")).Status);
    }

    /// <summary>The service's answer: null for a success, else the problem it answered with.</summary>
    private async Task<Problem?> AskAsync<T>(T request) where T : class
    {
        var response = await _inventory.Bus.CreateRequestClient<T>().GetResponse<ClusterView, ClusterCalendar, Problem>(request);
        return response.Is(out Response<Problem>? problem) ? problem!.Message : null;
    }
}
