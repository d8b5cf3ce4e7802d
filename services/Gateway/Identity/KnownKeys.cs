using System.Collections.Concurrent;

namespace Marketplace.Gateway.Identity;

/// <summary>The organization a key belongs to, as authentication reads it.</summary>
public readonly record struct KeyOwner(Guid Id, string Name, string Role);

/// <summary>
/// Keys that matched, remembered so a request costs no lookup (issue 11: the lookup was one of the gateway's three
/// round trips per POST). Only while <see cref="KeyChangeListener"/> holds a lease: it listens to PostgreSQL, where
/// every update or delete of a key or an organization notifies every gateway when it commits (migration 0005), and
/// each then forgets every key it knew; this instance also forgets at once when it revokes. The lease is renewed each
/// time the listener's connection proves alive (a notification, or a ping every <see cref="KeyChangeListener.Check"/>)
/// and lapses after <see cref="Lease"/>, so a connection that died silently stops the remembering within that time
/// even before the listener notices. An entry lives at most <see cref="MaxAge"/> in any case.
/// </summary>
public sealed class KnownKeys(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    /// <summary>How long a proof of life of the listener's connection lets keys be remembered.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);
    /// <summary>Bounded: past this many, further keys are looked up every time (until the next change clears the lot).</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (KeyOwner Owner, DateTimeOffset At)> _keys = new(StringComparer.Ordinal);
    private long _generation;
    private long _leaseUntilTicks;
    private int _count;

    private bool Leased => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _leaseUntilTicks);

    public bool TryGet(byte[] hash, out KeyOwner owner)
    {
        owner = default;
        if (!Leased || !_keys.TryGetValue(Convert.ToBase64String(hash), out var entry)) return false;
        if (clock.GetUtcNow() - entry.At > MaxAge) return false;
        owner = entry.Owner;
        return true;
    }

    /// <summary>Taken before a lookup and passed to <see cref="Remember"/>, so a change in between is not overwritten by the stale answer.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Remember(byte[] hash, KeyOwner owner, long generationBeforeLookup)
    {
        if (!Leased || Generation != generationBeforeLookup || Volatile.Read(ref _count) >= MaxEntries) return;
        var key = Convert.ToBase64String(hash);
        if (_keys.TryAdd(key, (owner, clock.GetUtcNow()))) Interlocked.Increment(ref _count);
        else _keys[key] = (owner, clock.GetUtcNow());
        // A change that arrived while this was being added cleared the table before the add: undo it.
        if (Generation != generationBeforeLookup) _keys.TryRemove(key, out _);
    }

    /// <summary>Something changed a key or an organization (here or on another instance): forget everything.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _keys.Clear();
        Volatile.Write(ref _count, 0); // a soft bound: an add racing this may go uncounted
    }

    /// <summary>The listener's connection proved alive just now (LISTEN took effect, a notification came, a ping answered).</summary>
    internal void Alive() => Interlocked.Exchange(ref _leaseUntilTicks, (clock.GetUtcNow() + Lease).UtcTicks);

    /// <summary>The listener (re)connected or lost its connection: what was known may be stale, and nothing is remembered until the next proof of life.</summary>
    internal void Lapse()
    {
        Interlocked.Exchange(ref _leaseUntilTicks, 0);
        Forget();
    }
}
