using Marketplace.Gateway.ServiceCalls;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateway.Identity;

/// <summary>
/// Hashes of keys that matched nothing, remembered briefly so a client repeating a bad key costs no database lookup.
/// Only misses are cached: a hit is read from the database every time, so a revoked key stops working at once on
/// every instance. A miss cannot turn into a hit unnoticed either, since keys are random and made by the gateway
/// (the one exception: a new MARKETPLACE_ADMIN_KEY tried on an instance before another seeded it, for at most the
/// cache time). Bounded in size: a flood of made-up keys only fills it, then misses go to the database again.
/// </summary>
public sealed class UnknownKeys(IOptions<GatewayOptions> options) : IDisposable
{
    private readonly MemoryCache _misses = new(new MemoryCacheOptions { SizeLimit = options.Value.UnknownKeyCacheSize });

    public bool Contains(byte[] hash) => _misses.TryGetValue(Convert.ToBase64String(hash), out _);

    public void Add(byte[] hash) =>
        _misses.Set(Convert.ToBase64String(hash), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.UnknownKeyCacheTime });

    public void Dispose() => _misses.Dispose();
}
