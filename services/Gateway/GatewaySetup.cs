using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Hosting.Metrics;
using Microsoft.AspNetCore.Authentication;

namespace Marketplace.Gateway;

public static class GatewaySetup
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AdminKeyPolicy.EnsureFit(builder.Environment, builder.Configuration[AdminKeyPolicy.Variable]);
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ServiceClient>();
        services.AddSingleton<BusWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<BusWatch>());
        services.AddSingleton<Bids.PlaceBidBatcher>();
        services.AddSingleton<Bids.BiddingLink>();
        services.AddServiceMeter<GatewayMetrics>(GatewayMetrics.MeterName);
        services.AddScoped<Idempotency.IdempotencyFilter>();
        services.AddSingleton<Idempotency.IdempotencyRecords>();
        services.AddHostedService<AdminKeySeeder>();
        services.AddHostedService<Idempotency.IdempotencyJanitor>();
        services.AddGatewayErrors();
        services.ConfigureHttpJsonOptions(o => GatewayJson.Configure(o.SerializerOptions));

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Provider, p => p.RequireRole(Roles.Provider))
            .AddPolicy(Roles.Tenant, p => p.RequireRole(Roles.Tenant))
            .AddPolicy(Policies.ProviderOrAdmin, p => p.RequireRole(Roles.Provider, Roles.Admin))
            .AddPolicy(Policies.TenantOrAdmin, p => p.RequireRole(Roles.Tenant, Roles.Admin));

        // The limiters themselves are built in Edge/EdgeSetup.cs (one before authentication, one after); this registers
        // what their middleware needs.
        services.AddRateLimiter(_ => { });
        services.AddSingleton<UnknownKeys>();
        services.AddSingleton<KnownKeys>();
        services.AddHostedService<KeyChangeListener>();

        services.AddOpenApi(OpenApi.ApiDocument.Configure);
        return builder;
    }
}
