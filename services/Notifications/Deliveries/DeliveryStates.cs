using Marketplace.Hosting;
using Marketplace.Hosting.Database;

namespace Marketplace.Notifications.Deliveries;

/// <summary>
/// A delivery of one event to one webhook. <see cref="Deliveries.TransitionAsync"/> is the only code that changes a
/// delivery's state, and migration 0002's trigger refuses any move this table does not allow.
/// </summary>
public static class DeliveryStates
{
    /// <summary>Due at next_attempt_at (written with the event, or after a failed attempt).</summary>
    public const string Pending = "pending";
    /// <summary>Claimed by a worker, which is POSTing it; due again when its lease ends (the worker crashed).</summary>
    public const string Delivering = "delivering";
    /// <summary>The receiver answered 2xx: never sent again.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Given up: still failing GiveUpAfter (24 h) after the first attempt, or a body too large to send.</summary>
    public const string Failed = "failed";

    /// <summary>Target state → the states it may be reached from.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFrom = new Dictionary<string, string[]>
    {
        [Delivering] = [Pending],
        [Succeeded] = [Delivering],
        [Pending] = [Delivering],
        [Failed] = [Delivering],
    };

    public static bool CanMove(string from, string to) => AllowedFrom.TryGetValue(to, out var froms) && froms.Contains(from);
}

/// <summary>
/// Moves deliveries from one state to another. <paramref name="Attempts"/>, when given, moves only a delivery still on
/// that attempt (the claim of the worker recording it, not one that took it over after the lease ended).
/// </summary>
public sealed record DeliveryMove(IReadOnlyList<Guid> Ids, string From, string To, int? Attempts = null, DateTimeOffset? NextAttemptAt = null, TimeSpan? Lease = null);

public static class Deliveries
{
    /// <summary>
    /// The one place a delivery's state changes. Entering delivering counts an attempt, stamps the first attempt's time
    /// and takes the lease; leaving it drops the lease. Returns the ids that moved.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> TransitionAsync(UnitOfWork uow, DeliveryMove move)
    {
        if (!DeliveryStates.CanMove(move.From, move.To))
            throw new InvalidOperationException($"A delivery cannot move from {move.From} to {move.To}");
        if (move.To == DeliveryStates.Delivering && move.Lease is null)
            throw new ArgumentException("Claiming a delivery takes a lease", nameof(move));
        if (move.Ids.Count == 0) return [];
        return (await uow.QueryAsync<Guid>(
            """
            update deliveries set state = @To,
                   attempts = attempts + case when @To = 'delivering' then 1 else 0 end,
                   first_attempt_at = case when @To = 'delivering' then coalesce(first_attempt_at, now()) else first_attempt_at end,
                   lease_until = case when @To = 'delivering' then now() + @Lease::interval end,
                   next_attempt_at = coalesce(@NextAttemptAt::timestamptz, next_attempt_at),
                   updated_at = now()
            where id = any(@ids) and state = @From and (@Attempts::int is null or attempts = @Attempts)
            returning id
            """, new { ids = move.Ids.ToArray(), move.To, move.From, move.Attempts, move.NextAttemptAt, move.Lease })).ToList();
    }
}

/// <summary>Wakes the delivery worker when an event's deliveries were written.</summary>
public sealed class DeliverySignal : WakeUpSignal;

/// <summary>
/// When to try again: exponential back-off with jitter (50–100% of base × 2^(attempt−1), capped), the first retry within
/// RetryBaseDelay (10 s by default, so within 30 s as API.md promises); a delivery still failing GiveUpAfter after its
/// first attempt is given up, and the last retry is made at that moment.
/// </summary>
public static class RetrySchedule
{
    public static DateTimeOffset? Next(NotificationsOptions o, int attempts, DateTimeOffset firstAttemptAt, DateTimeOffset now, double random)
    {
        var giveUpAt = firstAttemptAt + o.GiveUpAfter;
        if (now >= giveUpAt) return null;
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(o.RetryMaxDelay.Ticks, o.RetryBaseDelay.Ticks * Math.Pow(2, exponent)));
        var next = now + delay * (0.5 + 0.5 * random);
        return next < giveUpAt ? next : giveUpAt;
    }
}
