using System.Net;
using System.Net.Sockets;
using Marketplace.Domain;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Webhooks;

/// <summary>
/// Where a webhook may point (docs/api.md "Webhooks", SSRF): https to a public address. Plain http and private,
/// loopback, link-local (the cloud metadata service at 169.254.169.254 among them), unspecified, multicast and reserved
/// addresses are refused unless the host is in Notifications:AllowedWebhookHosts. The literal host is checked when
/// the webhook is created, and every address the name resolves to when each delivery connects
/// (<see cref="WebhookSender"/>), so a name that later resolves inside the network (DNS rebinding) is refused then.
/// </summary>
public sealed class WebhookAddresses(IOptionsMonitor<NotificationsOptions> options)
{
    public const string RefusedAddress = "must not point to a private, loopback, link-local, unspecified, multicast or reserved address";

    public bool IsAllowedHost(string host)
    {
        var bare = host.Trim('[', ']');
        return options.CurrentValue.AllowedWebhookHosts.Any(h => string.Equals(h.Trim('[', ']'), bare, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The service's rules for a URL whose shape <see cref="WebhookRules"/> accepted.</summary>
    public void Check(ValidationErrors errors, Uri url)
    {
        var host = url.DnsSafeHost;
        if (IsAllowedHost(host)) return;
        if (url.Scheme != Uri.UriSchemeHttps) errors.Add("url", "must use https");
        if (IPAddress.TryParse(host, out var address))
        {
            if (IsForbidden(address)) errors.Add("url", RefusedAddress);
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
                 || !host.Contains('.'))
        {
            errors.Add("url", "must name a public host (not localhost or a bare local name)");
        }
    }

    /// <summary>The reason a delivery to <paramref name="host"/> resolving to <paramref name="addresses"/> is refused, or null.</summary>
    public string? RefusalAt(string host, IReadOnlyList<IPAddress> addresses)
    {
        if (IsAllowedHost(host)) return null;
        var bad = addresses.FirstOrDefault(IsForbidden);
        return bad is null ? null : $"{host} resolves to {bad}: webhooks {RefusedAddress}";
    }

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0                                   // 0.0.0.0/8 "this network", unspecified
                || b[0] == 10                                  // 10/8 private
                || b[0] == 100 && (b[1] & 0xC0) == 64          // 100.64/10 carrier-grade NAT
                || b[0] == 127                                 // loopback
                || b[0] == 169 && b[1] == 254                  // link-local, cloud metadata
                || b[0] == 172 && (b[1] & 0xF0) == 16          // 172.16/12 private
                || b[0] == 192 && b[1] == 168                  // 192.168/16 private
                || b[0] == 192 && b[1] == 0 && b[2] == 0       // 192.0.0/24 protocol assignments
                || b[0] == 198 && (b[1] & 0xFE) == 18          // 198.18/15 benchmarking
                || b[0] >= 224;                                // multicast 224/4, reserved 240/4, broadcast
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)) return true;
        var v6 = address.GetAddressBytes();
        if ((v6[0] & 0xFE) == 0xFC) return true;                       // fc00::/7 unique local
        if (v6[0] == 0xFE && (v6[1] & 0xC0) == 0x80) return true;      // fe80::/10 link-local
        if (v6[0] == 0xFE && (v6[1] & 0xC0) == 0xC0) return true;      // fec0::/10 site-local (deprecated)
        if (v6[0] == 0xFF) return true;                                // ff00::/8 multicast
        // IPv4 carried inside IPv6: NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) reach the IPv4 address.
        var embedsV4 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0
                       || v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        return embedsV4 && IsForbidden(new IPAddress(v6.AsSpan(12, 4)));
    }
}
