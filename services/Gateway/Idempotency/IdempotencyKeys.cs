using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marketplace.Gateway.Errors;

namespace Marketplace.Gateway.Idempotency;

/// <summary>
/// An Idempotency-Key as a request carries it (API.md: 1 to 128 printable ASCII characters), and the hash that binds
/// the key to its request. The gateway's own records (<see cref="IdempotencyFilter"/>) and bidding's placement keys
/// (docs/decisions/0014) read both the same way.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// The request's key: null and no problem when it has none; a 400 problem (nothing done yet) when it is malformed.
    /// </summary>
    public static (string? Key, IResult? Problem) Read(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(Header, out var values)) return (null, null);
        var key = values.ToString();
        if (key.Length is < 1 or > 128 || key.Any(c => c < 0x20 || c > 0x7e))
            return (null, Problems.Result(400, $"{Header} must be 1 to 128 printable ASCII characters.",
                new Dictionary<string, string[]> { [Header] = ["must be 1 to 128 printable ASCII characters"] }));
        return (key, null);
    }

    /// <summary>
    /// The method, path and query, and the bound body re-serialized, so the same request with other whitespace or field
    /// order hashes the same.
    /// </summary>
    public static byte[] RequestHash(HttpContext http, object? body)
    {
        var canonical = http.Request.Method + " " + http.Request.Path + http.Request.QueryString + "\n" +
            (body is null ? "" : JsonSerializer.Serialize(body, body.GetType(), GatewayJson.Options));
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
    }

    /// <summary>A replayed first answer says so (API.md), whoever kept it.</summary>
    public static void MarkReplayed(HttpResponse response) => response.Headers["Idempotent-Replayed"] = "true";

    /// <summary>A first answer a service kept and replays (a bid placed before under the key): marked as replayed.</summary>
    public static IResult Replayed(IResult first) => new ReplayedResult(first);

    private sealed class ReplayedResult(IResult first) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (first as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext http)
        {
            MarkReplayed(http.Response);
            return first.ExecuteAsync(http);
        }
    }
}
