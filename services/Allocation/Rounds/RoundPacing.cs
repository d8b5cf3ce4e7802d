namespace Marketplace.Allocation.Rounds;

/// <summary>
/// When a requested round (a pass over every market with open bids) starts. Every round costs a chain of messages and
/// transactions across the services (a batch of holds, of awards, of confirmations, their answers), whatever its size;
/// rounds that started 50 ms after a change ran back to back, 7.5 a second at 100 bids/s with a dozen bids each
/// (docs/decisions/0013). So a round waits for the debounce (a burst of changes makes one round) and until the pace has
/// passed since the last one started: after a quiet spell a bid is decided within the debounce; under a stream of bids,
/// rounds come once per pace and each decides everything that arrived meanwhile.
/// </summary>
public static class RoundPacing
{
    /// <param name="sinceLastStart">Time since the previous round started; null before the first.</param>
    public static TimeSpan DelayBeforeRound(TimeSpan? sinceLastStart, TimeSpan debounce, TimeSpan pace)
    {
        var untilPaced = sinceLastStart is { } since ? pace - since : TimeSpan.Zero;
        return untilPaced > debounce ? untilPaced : debounce;
    }
}
