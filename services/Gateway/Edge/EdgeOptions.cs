namespace Marketplace.Gateway.ServiceCalls;

public sealed partial class GatewayOptions
{
    /// <summary>
    /// Per organization, after authentication: a token bucket refilled at this rate. Below 1 it means one request per
    /// 1/rate seconds (0.1: one every 10 s).
    /// </summary>
    public double RateLimitPerSecond { get; set; } = 200;
    public int RateLimitBurst { get; set; } = 400;

    /// <summary>
    /// Per client address, before authentication: what a caller costs before its key is even looked up, so guessing keys
    /// is bounded. Generous, because one address may be a whole company behind NAT; the organization limit is the tight one.
    /// </summary>
    public double ClientRateLimitPerSecond { get; set; } = 1000;
    public int ClientRateLimitBurst { get; set; } = 2000;

    /// <summary>A longer Authorization header is refused with 431 before any lookup (keys are 46 characters).</summary>
    public int MaxAuthorizationHeaderBytes { get; set; } = 512;

    /// <summary>How long a key that matched nothing is remembered as unknown, and how many such keys at most.</summary>
    public TimeSpan UnknownKeyCacheTime { get; set; } = TimeSpan.FromSeconds(30);
    public int UnknownKeyCacheSize { get; set; } = 100_000;

    /// <summary>Proxies whose X-Forwarded-For is believed. Empty (the default): the connection's address is the client's.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of trusted proxies, such as "10.0.0.5".</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, such as "10.0.0.0/8".</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
