using System.Collections.Concurrent;

namespace Marketplace.Gateway.Identity;

/// <summary>The organization a key belongs to, as authentication reads it.</summary>
public readonly record struct KeyOwner(Guid Id, string Name, string Role);

/// <summary>
/// Keys that matched, remembered so a request costs no lookup (issue 11: the lookup was one of the gateway's three
/// round trips per POST). Only while <see cref="KeyChangeListener"/> listens to PostgreSQL: every update or delete of
/// a key or an organization notifies every gateway when it commits (migration 0005), and each forgets every key it
/// knew; this instance also forgets at once when it revokes. A key revoked elsewhere is refused here once the
/// notification arrives (milliseconds). While the listener is not connected nothing is remembered, and an entry
/// lives at most <see cref="MaxAge"/> in any case.
/// </summary>
public sealed class KnownKeys(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    /// <summary>Bounded: past this many, further keys are looked up every time (until the next change clears the lot).</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (KeyOwner Owner, DateTimeOffset At)> _keys = new(StringComparer.Ordinal);
    private long _generation;
    private volatile bool _listening;

    public bool TryGet(byte[] hash, out KeyOwner owner)
    {
        owner = default;
        if (!_listening || !_keys.TryGetValue(Convert.ToBase64String(hash), out var entry)) return false;
        if (clock.GetUtcNow() - entry.At > MaxAge) return false;
        owner = entry.Owner;
        return true;
    }

    /// <summary>Taken before a lookup and passed to <see cref="Remember"/>, so a change in between is not overwritten by the stale answer.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Remember(byte[] hash, KeyOwner owner, long generationBeforeLookup)
    {
        if (!_listening || Generation != generationBeforeLookup || _keys.Count >= MaxEntries) return;
        var key = Convert.ToBase64String(hash);
        _keys[key] = (owner, clock.GetUtcNow());
        // A change that arrived while this was being added cleared the table before the add: undo it.
        if (Generation != generationBeforeLookup) _keys.TryRemove(key, out _);
    }

    /// <summary>Something changed a key or an organization (here or on another instance): forget everything.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _keys.Clear();
    }

    /// <summary>The listener (re)connected or lost its connection; either way what was known may be stale.</summary>
    internal void SetListening(bool listening)
    {
        _listening = listening;
        Forget();
    }
}
