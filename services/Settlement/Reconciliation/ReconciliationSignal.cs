namespace Marketplace.Settlement.Reconciliation;

/// <summary>Wakes the reconciliation worker as soon as a run is requested on this instance, instead of at its next poll.</summary>
public sealed class ReconciliationSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
