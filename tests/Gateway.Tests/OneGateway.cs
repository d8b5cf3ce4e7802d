using Marketplace.Gateway.ServiceCalls;
using Marketplace.Testing;

namespace Gateway.Tests;

/// <summary>One gateway alone with the test admin key; subclasses add settings.</summary>
public class OneGateway : GatewayAlone
{
    public ServiceHost<GatewayOptions> Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Host = await StartAsync();
    }

    public ApiClient Admin() => Client(MarketplaceFixture.AdminKey);

    public ApiClient Client(string? apiKey, Guid organizationId = default) => new(GatewayAlone.Client(Host, apiKey), organizationId);

    /// <summary>A client acting as a new organization of the role, with its own API key.</summary>
    public async Task<ApiClient> NewOrganizationAsync(string role)
    {
        var created = await Admin().PostAsync<MarketplaceFixture.OrganizationCreated>("/v1/organizations", new { name = $"{role}-{Guid.NewGuid():N}"[..20], role });
        return Client(created.ApiKey, created.Id);
    }
}
