namespace Marketplace.Gateway.Idempotency;

/// <summary>
/// A creation answer that carries a secret shown only in the first answer (an API key). The idempotency store keeps
/// and replays <see cref="WithoutSecret"/> instead, so the secret never sits in clear in idempotency_records and a
/// replay names the same resource without handing the secret out again.
/// </summary>
public interface IShownOnce
{
    object WithoutSecret();
}
