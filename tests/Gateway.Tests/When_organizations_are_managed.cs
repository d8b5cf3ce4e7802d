using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

public sealed class When_organizations_are_managed(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_create_list_and_page_organizations()
    {
        var admin = market.Admin();
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var name = $"org-{i}-{Guid.NewGuid():N}"[..12];
            var response = await admin.SendAsync(HttpMethod.Post, "/v1/organizations", new { name, role = "tenant" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.NotNull(response.Headers.Location);
            names.Add(name);
        }
        var first = await admin.GetAsync<Page<Org>>("/v1/organizations?limit=2");
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        var rest = await admin.GetAsync<Page<Org>>($"/v1/organizations?limit=2&cursor={first.NextCursor}");
        var all = first.Items.Concat(rest.Items).Select(o => o.Name).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(names[2], first.Items[0].Name); // newest first
        Assert.Contains(names[0], all);
    }

    [Theory]
    [InlineData("""{"name": "", "role": "tenant"}""", "name")]
    [InlineData("""{"name": "x", "role": "king"}""", "role")]
    [InlineData("""{"role": "tenant"}""", "name")]
    public async Task Should_reject_invalid_organizations(string body, string field)
    {
        var problem = await ApiClient.AssertProblemAsync(await market.Admin().SendAsync(HttpMethod.Post, "/v1/organizations", body), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Should_list_the_gpu_catalog()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var models = await tenant.GetAsync<List<Model>>("/v1/gpu-models");
        Assert.Contains(models, m => m.Id == "H100-SXM-80GB" && m.MemoryGb == 80);
        Assert.Equal(8, models.Count);
    }

    private sealed record Org(Guid Id, string Name, string Role, DateTimeOffset CreatedAt);
    private sealed record Model(string Id, string Vendor, int MemoryGb, double Bf16DenseTflops);
}
