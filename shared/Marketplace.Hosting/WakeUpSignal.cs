namespace Marketplace.Hosting;

/// <summary>
/// Wakes a background loop early: many notifications before it wakes count as one. Each loop has its own subclass,
/// so each is its own singleton in the container.
/// </summary>
public abstract class WakeUpSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <summary>True when woken by a notification, false when the timeout passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
