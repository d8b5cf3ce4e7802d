using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Hosting.Metrics;

/// <summary>
/// Who may read <c>/metrics</c>: callers on this machine (loopback) and the networks of <c>Metrics:AllowedNetworks</c>;
/// anyone else gets 404, as if there were nothing there. The rule is the same on every service; it matters most on the
/// gateway, whose port is public.
/// A request that still carries <c>X-Forwarded-For</c> or <c>Forwarded</c> came through a proxy that was not trusted
/// (a trusted one's header is consumed by the gateway's forwarded-headers middleware before this runs): its connection
/// address is the proxy's (loopback, for a proxy on the same host), not the caller's, so it is refused. So is a request
/// with no address at all (a Unix socket, which is how a local reverse proxy often connects).
/// </summary>
public sealed class ScrapeAccess
{
    public const string Path = "/metrics";
    private readonly IPNetwork[] _allowed;

    public ScrapeAccess(IOptions<MetricsOptions> options) => _allowed = options.Value.AllowedNetworks.Select(Parse).ToArray();

    public static bool IsScrapePath(HttpContext http) => http.Request.Path.StartsWithSegments(Path);

    public bool Allows(HttpContext http)
    {
        var headers = http.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded")) return false;
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        foreach (var network in _allowed)
            if (network.Contains(address)) return true;
        return false;
    }

    /// <summary>A caller allowed to scrape, asking for /metrics: the gateway lets it past its rate limits and key lookup.</summary>
    public bool IsAllowedScrape(HttpContext http) => IsScrapePath(http) && Allows(http);

    private static IPNetwork Parse(string network)
    {
        var text = network.Trim();
        if (IPNetwork.TryParse(text, out var parsed)) return parsed;
        if (IPAddress.TryParse(text, out var host)) return new IPNetwork(host, host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        throw new InvalidOperationException($"Metrics:AllowedNetworks: '{network}' is not a network in CIDR notation (such as 10.0.0.0/8).");
    }
}
