namespace Marketplace.Bench;

/// <summary>
/// One measured POST /v1/bids: how long it took, its status (0: no answer) and, when accepted, the bid it created
/// with the server's createdAt (where the booking watch starts looking).
/// </summary>
public readonly record struct PostRecord(double LatencyMs, int Status, int Tenant, Guid? BidId, DateTimeOffset? CreatedAt);

/// <summary>
/// What a driver did: requests due (<see cref="Scheduled"/>), those the in-flight bound kept from being sent, when the
/// sending stopped and when the last answer came, both from the run's start.
/// </summary>
public sealed record DriveResult(long Scheduled, long Unsent, TimeSpan SendingEnded, TimeSpan LastAnswer, IReadOnlyList<PostRecord> Posts);
