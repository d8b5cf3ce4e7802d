using Marketplace.Hosting;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// Asks for a market round soon; many requests within the debounce window make one round. A change asks once it has
/// committed (<c>uow.OnCommitted(rounds.Request)</c>), so the round that answers sees it: a request made inside the
/// transaction could start a round (after a 20 ms debounce, ADR 0013) that reads before the commit and leaves the change
/// to the round interval.
/// </summary>
public sealed class RoundTrigger : WakeUpSignal
{
    public void Request() => Notify();
}
