using Microsoft.Kiota.Abstractions;

namespace Marketplace.Client;

/// <summary>
/// Every creating POST gets an Idempotency-Key (API.md): a retry after a timeout or a 503 then lands on the same
/// resource instead of creating a second one.
/// </summary>
public static class IdempotencyKeys
{
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>A request configuration that sends <paramref name="key"/> (a new one if null).</summary>
    public static Action<RequestConfiguration<T>> With<T>(string? key = null) where T : class, new()
    {
        var value = key ?? New();
        return config => config.Headers.Add("Idempotency-Key", value);
    }
}
