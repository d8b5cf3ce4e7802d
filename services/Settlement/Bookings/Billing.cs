using Marketplace.Domain;
using Marketplace.Settlement.Ledger;

namespace Marketplace.Settlement.Bookings;

/// <summary>
/// The money rules of a booking (API.md "Settlement", DESIGN.md "Settlement"): what a confirmation charges, what a
/// cancellation refunds, how a credit is split. Each returns a balanced transaction with its unique cause.
/// </summary>
public static class Billing
{
    public static decimal Hours(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? 0 : (decimal)(to - from).Ticks / TimeSpan.TicksPerHour;

    /// <summary>Tenant −total; provider +total×(1−fee); platform +total×fee (and any rounding remainder).</summary>
    public static LedgerTransaction Charge(BookingCopy b)
    {
        var (provider, platform) = FeeSplit.Split(b.TotalPrice, b.FeeRate);
        return LedgerTransaction.Create(EntryKinds.Charge, b.Id, ChargeCause(b.Id),
        [
            new(Accounts.Tenant(b.TenantId), b.TenantId, EntryKinds.Charge, -b.TotalPrice),
            new(Accounts.Provider(b.ProviderId), b.ProviderId, EntryKinds.Payout, provider),
            new(Accounts.Platform, null, EntryKinds.Fee, platform),
        ]);
    }

    public static string ChargeCause(Guid bookingId) => $"charge:{bookingId}";
    public static string RefundCause(Guid bookingId) => $"refund:{bookingId}";
    public static string CreditCause(string discrepancyKind, Guid bookingId) => $"credit:{discrepancyKind}:{bookingId}";
    /// <summary>An outage may credit a booking twice (the hours already gone, then the hours no cluster could take): one cause per period.</summary>
    public static string OutageCreditCause(Guid outageId, Guid bookingId, DateTimeOffset from) =>
        $"credit:outage:{outageId}:{bookingId}:{from.UtcTicks}";
    public static string OutageMoveCause(Guid outageId, Guid bookingId) => $"move:outage:{outageId}:{bookingId}";

    /// <summary>
    /// Hours moved to another provider's cluster: the provider's share of their value (what it was paid for them) goes
    /// from the old provider to the new one. The tenant and the platform are untouched.
    /// </summary>
    public static LedgerTransaction PayoutMove(string cause, Guid bookingId, Guid fromProvider, Guid toProvider, decimal feeRate, decimal value)
    {
        var (provider, _) = FeeSplit.Split(value, feeRate);
        return LedgerTransaction.Create(EntryKinds.Payout, bookingId, cause,
        [
            new(Accounts.Provider(fromProvider), fromProvider, EntryKinds.Payout, -provider),
            new(Accounts.Provider(toProvider), toProvider, EntryKinds.Payout, provider),
        ]);
    }

    /// <summary>
    /// price × GPUs × the hours from the release point on × the fraction, never more than was charged.
    /// A tenant's cancellation 24 h or more ahead refunds 1 from startsAt, later 0.5; an admin's 1 of the hours not yet started.
    /// </summary>
    public static decimal RefundAmount(BookingCopy b, decimal charged, IReadOnlyList<OutageChange>? outages = null)
    {
        if (outages is { Count: > 0 }) return Math.Min(RefundShares(b, outages).Sum(s => s.Amount), charged);
        if (b.RefundFrom is not { } from || b.RefundFraction is not { } fraction) return 0;
        var start = from < b.StartsAt ? b.StartsAt : from;
        var refund = Money.Round(b.Price * b.GpuCount * Hours(start, b.EndsAt) * fraction);
        return Math.Clamp(refund, 0, charged);
    }

    /// <summary>The charge reversed in part: tenant +amount; provider and platform give back their shares of it.</summary>
    public static LedgerTransaction Refund(BookingCopy b, decimal amount) =>
        Reverse(EntryKinds.Refund, b.Id, RefundCause(b.Id), b.TenantId, b.ProviderId, b.FeeRate, amount);

    /// <summary>
    /// The refund of a booking outages changed, hour by hour from the release point: GPU-hours already credited are not
    /// refunded again, and each hour's refund is given back by the provider paid for that hour (the one a move took it
    /// to). Moves take the whole remainder of a booking, so from a move's start the booking is on its new provider.
    /// </summary>
    public static IReadOnlyList<(Guid Provider, decimal Amount)> RefundShares(BookingCopy b, IReadOnlyList<OutageChange> outages)
    {
        if (b.RefundFrom is not { } from || b.RefundFraction is not { } fraction) return [];
        var moves = outages.Where(o => o.Kind == "moved" && o.ToProvider is { } to && to != o.FromProvider).OrderBy(o => o.StartsAt).ToList();
        var credits = outages.Where(o => o.Kind == "credited" && o.EndsAt > o.StartsAt).ToList();
        var gpuHours = new Dictionary<Guid, decimal>();
        for (var hour = from < b.StartsAt ? b.StartsAt : from; hour < b.EndsAt; hour = hour.AddHours(1))
        {
            var provider = moves.LastOrDefault(m => m.StartsAt <= hour)?.ToProvider ?? b.ProviderId;
            var credited = credits.Where(c => c.StartsAt <= hour && hour < c.EndsAt).Sum(c => c.GpuHours / (decimal)(c.EndsAt - c.StartsAt).TotalHours);
            gpuHours[provider] = gpuHours.GetValueOrDefault(provider) + Math.Max(0, b.GpuCount - credited);
        }
        return gpuHours.Select(p => (p.Key, Money.Round(b.Price * p.Value * fraction))).Where(p => p.Item2 > 0).ToList();
    }

    /// <summary>A refund split by <see cref="RefundShares"/>: tenant +total, each provider and the platform give back their shares.</summary>
    public static LedgerTransaction Refund(BookingCopy b, IReadOnlyList<(Guid Provider, decimal Amount)> shares)
    {
        var lines = new List<LedgerLine> { new(Accounts.Tenant(b.TenantId), b.TenantId, EntryKinds.Refund, shares.Sum(s => s.Amount)) };
        var platform = 0m;
        foreach (var (provider, amount) in shares)
        {
            var (providerShare, platformShare) = FeeSplit.Split(amount, b.FeeRate);
            lines.Add(new(Accounts.Provider(provider), provider, EntryKinds.Refund, -providerShare));
            platform += platformShare;
        }
        lines.Add(new(Accounts.Platform, null, EntryKinds.Refund, -platform));
        return LedgerTransaction.Create(EntryKinds.Refund, b.Id, RefundCause(b.Id), lines);
    }

    /// <summary>A credit to the tenant, borne by provider and platform in the booking's proportions.</summary>
    public static LedgerTransaction Credit(string cause, Guid bookingId, Guid tenantId, Guid providerId, decimal feeRate, decimal amount) =>
        Reverse(EntryKinds.Credit, bookingId, cause, tenantId, providerId, feeRate, amount);

    private static LedgerTransaction Reverse(string kind, Guid bookingId, string cause, Guid tenantId, Guid providerId, decimal feeRate, decimal amount)
    {
        var (provider, platform) = FeeSplit.Split(amount, feeRate);
        return LedgerTransaction.Create(kind, bookingId, cause,
        [
            new(Accounts.Tenant(tenantId), tenantId, kind, amount),
            new(Accounts.Provider(providerId), providerId, kind, -provider),
            new(Accounts.Platform, null, kind, -platform),
        ]);
    }
}
