namespace Marketplace.Domain;

/// <summary>
/// API.md's Idempotency-Key, where more than one service keeps keys (the gateway's records, bidding's placement keys:
/// docs/decisions/0014).
/// </summary>
public static class IdempotencyRules
{
    /// <summary>
    /// A key is kept 24 hours from its first use (never from a later claim or retry): a client retries within minutes,
    /// and a key whose outcome was unknown keeps standing for what it may have created for the whole window.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
}
