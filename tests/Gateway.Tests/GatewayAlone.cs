using System.Net.Http.Headers;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>
/// Gateways alone, on one fresh database and virtual host: identity, keys and the edge need no other service, and
/// tests here start several gateways (a restart with another admin key, instances starting at once).
/// </summary>
public class GatewayAlone : IAsyncLifetime
{
    private readonly string _id = "g" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<IAsyncDisposable> _hosts = [];
    private RabbitVirtualHost? _vhost;

    public string Database => _id + "_gateway";

    public virtual async Task InitializeAsync() => _vhost = await RabbitVirtualHost.CreateAsync(_id);

    /// <summary>Settings on top of the test defaults for every gateway this fixture starts.</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>();

    /// <summary>Starts one more gateway on the shared database and waits until it is ready.</summary>
    public async Task<ServiceHost<GatewayOptions>> StartAsync(IDictionary<string, string?>? overrides = null)
    {
        var host = Create(overrides);
        host.StartServer();
        await host.WaitReadyAsync();
        return host;
    }

    /// <summary>A gateway not started yet (to watch it refuse to start).</summary>
    public ServiceHost<GatewayOptions> Create(IDictionary<string, string?>? overrides = null)
    {
        var settings = MarketplaceFixture.BaseSettings(Database, _id);
        foreach (var (key, value) in Settings()) settings[key] = value;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var host = new ServiceHost<GatewayOptions>("Gateway", settings);
        _hosts.Add(host);
        return host;
    }

    public static HttpClient Client(ServiceHost<GatewayOptions> host, string? apiKey)
    {
        var http = host.CreateClient();
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try { await host.DisposeAsync(); }
            catch (Exception) { /* a host that failed to start has nothing to stop */ }
        }
        await TestDatabases.DropAsync([Database]);
        if (_vhost is not null) await _vhost.DisposeAsync();
    }
}
