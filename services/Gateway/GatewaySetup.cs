using Marketplace.Domain;
using System.Globalization;
using System.Threading.RateLimiting;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace Marketplace.Gateway;

public static class GatewaySetup
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ServiceClient>();
        services.AddScoped<Idempotency.IdempotencyFilter>();
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

        // Per organization (or per client address before authentication): a token bucket, 429 with Retry-After past it.
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(
                    http.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimitBurst,
                        TokensPerPeriod = options.RateLimitPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 1;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
                await Problems.Write(context.HttpContext, 429, null, "Too many requests; see Retry-After.");
            };
        });

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "GPU Cluster Marketplace API";
            document.Info.Description = "Tenants bid for GPU capacity, providers list clusters, admins reconcile. Authenticate with 'Authorization: Bearer <apiKey>'.";
            return Task.CompletedTask;
        }));
        return builder;
    }
}
