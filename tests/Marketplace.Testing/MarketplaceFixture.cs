using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Marketplace.Allocation;
using Marketplace.Bidding;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Inventory;
using Marketplace.Notifications;
using Marketplace.Settlement;
using Xunit;

namespace Marketplace.Testing;

/// <summary>
/// The whole marketplace for one test class: gateway, inventory, bidding, allocation, settlement and notifications, each its real
/// Program in this process, on fresh databases and a fresh RabbitMQ virtual host, talking over real RabbitMQ.
/// Bidding listens on a loopback socket and the gateway sends it placements straight, as up.sh's services do
/// (docs/decisions/0016). Subclass it to change settings (shorter timeouts, for instance).
/// </summary>
public class MarketplaceFixture : IAsyncLifetime
{
    public const string AdminKey = "mk_test_admin_key";
    /// <summary>The key every service of the fixture signs and verifies callers with (Bus:CallerSigningKey).</summary>
    public const string CallerSigningKey = "test-caller-signing-key-0123456789abcdef";

    private readonly string _id = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly List<string> _databases = [];
    private readonly List<Func<Task>> _readiness = [];
    private RabbitVirtualHost? _vhost;

    public HttpClient Gateway { get; private set; } = null!;
    public ServiceHost<GatewayOptions> GatewayHost { get; private set; } = null!;
    public ServiceHost<InventoryOptions> InventoryHost { get; private set; } = null!;
    public ServiceHost<BiddingOptions> BiddingHost { get; private set; } = null!;
    public ServiceHost<AllocationOptions> AllocationHost { get; private set; } = null!;
    public ServiceHost<SettlementOptions> SettlementHost { get; private set; } = null!;
    public ServiceHost<NotificationsOptions> NotificationsHost { get; private set; } = null!;

    public string DatabaseOf(string service) => $"{_id}_{service}";

    /// <summary>The test class's RabbitMQ virtual host, for a client of the bus that is not one of the services.</summary>
    public string VirtualHost => _id;

    /// <summary>Settings every service gets, on top of its appsettings.json. Override to add or change.</summary>
    protected virtual IDictionary<string, string?> Settings(string service) => BaseSettings(DatabaseOf(service), _id);

    /// <summary>What every test service runs with: this machine's servers, the database and the virtual host given.</summary>
    public static Dictionary<string, string?> BaseSettings(string database, string virtualHost) => new()
    {
        ["Postgres:Host"] = TestEnvironment.PostgresHost,
        ["Postgres:Port"] = TestEnvironment.PostgresPort,
        ["Postgres:Username"] = TestEnvironment.PostgresUser,
        ["Postgres:Password"] = TestEnvironment.PostgresPassword,
        ["Postgres:Database"] = database,
        ["Postgres:MaxPoolSize"] = "20",
        ["RabbitMq:Host"] = TestEnvironment.RabbitHost,
        ["RabbitMq:Port"] = TestEnvironment.RabbitPort,
        ["RabbitMq:Username"] = TestEnvironment.RabbitUser,
        ["RabbitMq:Password"] = TestEnvironment.RabbitPassword,
        ["RabbitMq:VirtualHost"] = virtualHost,
        ["MARKETPLACE_ADMIN_KEY"] = AdminKey,
        ["Bus:CallerSigningKey"] = CallerSigningKey,
        ["Outbox:PollInterval"] = "00:00:00.200",
        // Webhook receivers in tests listen on loopback over http (production allows no such host).
        ["Notifications:AllowedWebhookHosts:0"] = "127.0.0.1",
        ["Notifications:AllowedWebhookHosts:1"] = "localhost",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:Console:FormatterName"] = "simple",
    };

    public virtual async Task InitializeAsync()
    {
        _vhost = await RabbitVirtualHost.CreateAsync(_id);
        // Consumers first, so every queue exists before anything is sent; then the gateway.
        InventoryHost = Start<InventoryOptions>("Inventory", "inventory");
        BiddingHost = Start<BiddingOptions>("Bidding", "bidding", BiddingOnSocket ? 0 : null);
        if (BiddingOnSocket) BiddingAddress = AddressOf(BiddingHost);
        AllocationHost = Start<AllocationOptions>("Allocation", "allocation");
        SettlementHost = Start<SettlementOptions>("Settlement", "settlement");
        NotificationsHost = Start<NotificationsOptions>("Notifications", "notifications");
        GatewayHost = Start<GatewayOptions>("Gateway", "gateway", GatewayOnSocket ? 0 : null);
        if (GatewayOnSocket) GatewayAddress = AddressOf(GatewayHost);
        Gateway = GatewayHost.CreateClient();
        await Task.WhenAll(_readiness.Select(ready => ready()));
    }

    /// <summary>Starts the service; on a loopback socket when <paramref name="port"/> is given (0: any free port).</summary>
    private ServiceHost<T> Start<T>(string project, string service, int? port = null) where T : class
    {
        var settings = new Dictionary<string, string?>(Settings(service));
        if (service == "gateway" && BiddingAddress is not null && !settings.ContainsKey("Gateway:BiddingUrls:0"))
            settings["Gateway:BiddingUrls:0"] = BiddingAddress.ToString();
        var host = new ServiceHost<T>(project, settings);
        _databases.Add(DatabaseOf(service));
        _hosts.Add(host);
        _readiness.Add(host.WaitReadyAsync);
        if (port is { } p) host.UseKestrel(p);
        host.StartServer();
        return host;
    }

    private static Uri AddressOf<T>(ServiceHost<T> host) where T : class =>
        new(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));

    /// <summary>
    /// Whether bidding listens on a real loopback socket, which the gateway sends placements to straight (the default,
    /// as up.sh runs them). Off: the in-memory test server, and every placement goes through the broker.
    /// </summary>
    protected virtual bool BiddingOnSocket => true;

    /// <summary>Bidding's http://127.0.0.1:port when <see cref="BiddingOnSocket"/>; a restart keeps it.</summary>
    public Uri? BiddingAddress { get; private set; }

    /// <summary>
    /// Whether the gateway listens on a real loopback socket (a browser's tests need one) instead of the in-memory test
    /// server. Its address is then <see cref="GatewayAddress"/>.
    /// </summary>
    protected virtual bool GatewayOnSocket => false;

    /// <summary>The gateway's http://127.0.0.1:port when <see cref="GatewayOnSocket"/>.</summary>
    public Uri? GatewayAddress { get; private set; }

    /// <summary>Stops a service as a crash would, from the rest of the system's point of view: its queues keep filling.</summary>
    public async Task StopAsync(string service)
    {
        IAsyncDisposable host = service switch
        {
            "inventory" => InventoryHost, "bidding" => BiddingHost, "allocation" => AllocationHost, "settlement" => SettlementHost,
            "notifications" => NotificationsHost,
            _ => throw new ArgumentOutOfRangeException(nameof(service)),
        };
        await host.DisposeAsync();
    }

    /// <summary>Starts a stopped service again on the same database and virtual host, and waits until it is ready.</summary>
    public async Task StartAgainAsync(string service)
    {
        switch (service)
        {
            case "inventory": InventoryHost = Start<InventoryOptions>("Inventory", service); await InventoryHost.WaitReadyAsync(); break;
            case "bidding": BiddingHost = Start<BiddingOptions>("Bidding", service, BiddingAddress?.Port); await BiddingHost.WaitReadyAsync(); break;
            case "allocation": AllocationHost = Start<AllocationOptions>("Allocation", service); await AllocationHost.WaitReadyAsync(); break;
            case "settlement": SettlementHost = Start<SettlementOptions>("Settlement", service); await SettlementHost.WaitReadyAsync(); break;
            case "notifications": NotificationsHost = Start<NotificationsOptions>("Notifications", service); await NotificationsHost.WaitReadyAsync(); break;
            default: throw new ArgumentOutOfRangeException(nameof(service));
        }
    }

    /// <summary>A client acting as a new organization of the role, with its own API key.</summary>
    public async Task<ApiClient> NewOrganizationAsync(string role, string? name = null)
    {
        var admin = Admin();
        var created = await admin.PostAsync<OrganizationCreated>("/v1/organizations", new { name = name ?? $"{role}-{Guid.NewGuid():N}"[..20], role });
        return Client(created.ApiKey, created.Id);
    }

    public ApiClient Admin() => Client(AdminKey, Guid.Parse("00000000-0000-0000-0000-00000000a0a0"));

    public ApiClient Client(string? apiKey, Guid organizationId = default)
    {
        var http = GatewayHost.CreateClient();
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return new ApiClient(http, organizationId);
    }

    public virtual async Task DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            try { await _hosts[i].DisposeAsync(); }
            catch (Exception) { /* a host that failed to start has nothing to stop */ }
        }
        await TestDatabases.DropAsync(_databases);
        if (_vhost is not null) await _vhost.DisposeAsync();
    }

    public sealed record OrganizationCreated(Guid Id, string Name, string Role, string ApiKey);
}
