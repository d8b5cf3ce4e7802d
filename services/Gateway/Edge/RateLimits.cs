using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Microsoft.AspNetCore.RateLimiting;

namespace Marketplace.Gateway.Edge;

/// <summary>
/// Two token buckets: per client address before authentication (so a flood of made-up keys is refused before any
/// database lookup), and per organization after it (so every spelling of a key, and every key of one organization,
/// shares one budget). Health probes and allowed metrics scrapes are never limited: a load balancer must see a busy
/// gateway as alive, and an operator must see what makes it busy. A scrape from anywhere else is limited like any request
/// (and answered 404).
/// </summary>
public static class RateLimits
{
    public static RateLimiterOptions PerClient(GatewayOptions options) => Limiter(http =>
        EdgeSetup.IsProbeOrScrape(http)
            ? RateLimitPartition.GetNoLimiter("operations")
            : RateLimitPartition.GetTokenBucketLimiter("client:" + ClientOf(http),
                _ => Bucket(options.ClientRateLimitPerSecond, options.ClientRateLimitBurst)));

    public static RateLimiterOptions PerOrganization(GatewayOptions options) => Limiter(http =>
        EdgeSetup.IsProbeOrScrape(http) || http.User.Identity?.IsAuthenticated != true
            ? RateLimitPartition.GetNoLimiter("anonymous")
            : RateLimitPartition.GetTokenBucketLimiter("organization:" + http.User.OrganizationId(),
                _ => Bucket(options.RateLimitPerSecond, options.RateLimitBurst)));

    private static RateLimiterOptions Limiter(Func<HttpContext, RateLimitPartition<string>> partition) => new()
    {
        GlobalLimiter = PartitionedRateLimiter.Create(partition),
        OnRejected = async (context, _) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 1;
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
            await Problems.Write(context.HttpContext, 429, null, "Too many requests; see Retry-After.");
        },
    };

    /// <summary>An IPv6 client usually holds a whole /64, so the /64 is one client; otherwise it could rotate addresses.</summary>
    private static string ClientOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>A rate below one per second becomes one token per longer period: 0.1 is one request every 10 s.</summary>
    private static TokenBucketRateLimiterOptions Bucket(double perSecond, int burst)
    {
        if (perSecond <= 0 || burst <= 0) throw new InvalidOperationException("Rate limits must be greater than zero.");
        var (tokens, period) = perSecond >= 1
            ? ((int)Math.Round(perSecond), TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromSeconds(1 / perSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
        };
    }
}
