namespace Marketplace.Gateway.OpenApi;

/// <summary>Endpoint metadata: this POST takes an optional Idempotency-Key header (API.md Conventions).</summary>
public sealed class IdempotencyKeyHeader
{
    public static readonly IdempotencyKeyHeader Instance = new();
}
