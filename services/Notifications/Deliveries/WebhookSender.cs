using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Notifications.Webhooks;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Deliveries;

/// <summary>What one POST came to: a 2xx, or why not (the receiver's status, or an error of ours or the network's).</summary>
public sealed record AttemptOutcome(bool Succeeded, int? ResponseStatus, string? Error);

/// <summary>
/// POSTs a webhook body, signed, with the attempt timeout, following no redirect. Connections are made by
/// <see cref="ConnectAsync"/>, which resolves the host itself and refuses it when any address is one webhooks may not
/// reach (<see cref="WebhookAddresses"/>), then connects to exactly the addresses it checked: a name cannot pass the
/// check and then resolve elsewhere for the connection.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string SignatureHeader = "Marketplace-Signature";
    private readonly HttpClient _http;
    private readonly WebhookAddresses _addresses;
    private readonly IOptionsMonitor<NotificationsOptions> _options;
    private readonly TimeProvider _clock;

    public WebhookSender(WebhookAddresses addresses, IOptionsMonitor<NotificationsOptions> options, TimeProvider clock)
    {
        _addresses = addresses;
        _options = options;
        _clock = clock;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Marketplace-Webhooks", "1"));
    }

    /// <summary>"t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" keyed with the secret's UTF-8 bytes&gt;".</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t + ".", signed);
        body.CopyTo(signed.AsSpan(t.Length + 1));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    public async Task<AttemptOutcome> SendAsync(Uri url, string secret, byte[] body, CancellationToken ct)
    {
        var options = _options.CurrentValue;
        if (url.Scheme != Uri.UriSchemeHttps && !_addresses.IsAllowedHost(url.DnsSafeHost))
            return new AttemptOutcome(false, null, "http is allowed only for hosts in Notifications:AllowedWebhookHosts");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.AttemptTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(secret, _clock.GetUtcNow().ToUnixTimeSeconds(), body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? new AttemptOutcome(true, status, null)
                : new AttemptOutcome(false, status, status is >= 300 and < 400 ? "redirects are not followed" : null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptOutcome(false, null, $"no answer within {options.AttemptTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return new AttemptOutcome(false, null, Describe(ex));
        }
    }

    private static string Describe(HttpRequestException ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is RefusedAddressException refused) return refused.Message;
        var inner = ex.InnerException is SocketException socket ? $"{socket.SocketErrorCode}" : ex.InnerException?.Message;
        return inner is null ? ex.Message : $"{ex.Message} ({inner})";
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0) throw new RefusedAddressException($"{host} has no address");
        if (_addresses.RefusalAt(host, addresses) is { } refusal) throw new RefusedAddressException(refusal);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed class RefusedAddressException(string message) : Exception(message);
}
