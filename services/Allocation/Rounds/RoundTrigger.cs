using Marketplace.Hosting;

namespace Marketplace.Allocation.Rounds;

/// <summary>Asks for a market round soon; many requests within the debounce window make one round.</summary>
public sealed class RoundTrigger : WakeUpSignal
{
    public void Request() => Notify();
}
