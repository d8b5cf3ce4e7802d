namespace Marketplace.Allocation.Rounds;

/// <summary>Asks for a market round soon; many requests within the debounce window make one round.</summary>
public sealed class RoundTrigger
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Request()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* a round is already requested */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
