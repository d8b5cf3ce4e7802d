using System.Net;
using System.Text;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Hosting.Metrics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateway.Edge;

/// <summary>What a request meets before and right after authentication: the real client address, limits, header size.</summary>
public static class EdgeSetup
{
    /// <summary>
    /// Before authentication: the client's address (from X-Forwarded-For only when trusted proxies are configured:
    /// otherwise any client could name itself anyone and escape its bucket), the per-client limit, and the size of the
    /// Authorization header, all before a key is hashed or looked up.
    /// </summary>
    public static WebApplication UseEdgeBeforeAuthentication(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (options.ForwardedHeaders.Enabled) app.UseForwardedHeaders(ForwardedHeaders(options.ForwardedHeaders));
        app.UseRateLimiter(RateLimits.PerClient(options));
        app.Use((context, next) => AuthorizationHeaderFits(context, options.MaxAuthorizationHeaderBytes)
            ? next(context)
            : Problems.Write(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, null,
                $"The Authorization header may be at most {options.MaxAuthorizationHeaderBytes} bytes."));
        return app;
    }

    /// <summary>After authentication, the organization is known: its own budget, whatever key or spelling it uses.</summary>
    public static WebApplication UseEdgeAfterAuthentication(this WebApplication app)
    {
        app.UseRateLimiter(RateLimits.PerOrganization(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value));
        return app;
    }

    /// <summary>
    /// A health probe, or a metrics scrape by a caller allowed to scrape (<see cref="ScrapeAccess"/>): neither needs an
    /// identity, so both pass the rate limits and no key they carry is looked up. Evaluated after the forwarded headers,
    /// so behind a trusted proxy the real client's address decides.
    /// </summary>
    public static bool IsProbeOrScrape(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/health") || http.RequestServices.GetRequiredService<ScrapeAccess>().IsAllowedScrape(http);

    private static bool AuthorizationHeaderFits(HttpContext context, int maxBytes)
    {
        var total = 0;
        foreach (var value in context.Request.Headers.Authorization)
            total += value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        return total <= maxBytes;
    }

    private static ForwardedHeadersOptions ForwardedHeaders(ForwardedHeadersSettings settings)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        // Only the configured proxies: the defaults trust loopback, which is wrong behind a sidecar or a local proxy.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in settings.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        return options;
    }
}
