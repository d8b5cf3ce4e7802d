using System.Globalization;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Settlement.Bookings;
using Marketplace.Settlement.Usage;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>What settlement's ledger holds for one booking: the tenant's side of its charge and refund, and how many transactions.</summary>
public sealed record BookingLedger(decimal? Charged, decimal? Refunded, int Transactions);

/// <summary>An award whose booking is not among allocation's bookings of the period, with what settlement knows of it.</summary>
public sealed record UnmatchedAward(AwardRecord Award, BookingCopy? KnownToSettlement, bool FoundInAllocation);

public sealed record ComparisonInput(
    DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now, TimeSpan Grace,
    IReadOnlyList<BookingView> Bookings, IReadOnlyList<HoldRecord> Holds, IReadOnlyList<AwardRecord> Awards,
    IReadOnlyList<UnmatchedAward> UnmatchedAwards, IReadOnlyDictionary<Guid, BookingCopy> Settled,
    IReadOnlyDictionary<Guid, BookingLedger> Ledger, IReadOnlyList<UsageReportRow> Usage,
    IReadOnlySet<(string Kind, Guid BookingId)> Resolved, ILookup<Guid, OutageChange> Outages);

public sealed record Finding(string Kind, Guid BookingId, string Details, decimal? SuggestedCredit, Guid? TenantId, Guid? ProviderId);

public sealed record ComparisonResult(IReadOnlyList<Finding> Findings, int Bookings, int Holds, int Awards, int LedgerTransactions, int UsageReports);

/// <summary>
/// The comparison itself, without I/O: the owners' records against settlement's ledger and usage reports. One finding per
/// (kind, booking), its details joined; a (kind, booking) already resolved is not reported again. Records younger than
/// the grace period are in flight, not wrong.
/// </summary>
public static class Comparison
{
    public static ComparisonResult Compare(ComparisonInput input)
    {
        var findings = new FindingSet(input.Resolved);
        var settledBefore = input.Now - input.Grace;
        var holds = input.Holds.ToLookup(h => h.BookingId);
        var awards = input.Awards.ToLookup(a => a.BookingId);
        var usage = input.Usage.ToLookup(u => u.BookingId);
        var listed = input.Bookings.Select(b => b.Id).ToHashSet();

        foreach (var booking in input.Bookings)
        {
            input.Settled.TryGetValue(booking.Id, out var copy);
            input.Ledger.TryGetValue(booking.Id, out var ledger);
            CheckHolds(findings, booking, copy, holds[booking.Id].ToList(), settledBefore, input.From, input.To);
            var award = awards[booking.Id].FirstOrDefault();
            CheckAward(findings, booking, award);
            CheckMoney(findings, booking, copy, ledger, award, settledBefore, input.Outages[booking.Id].ToList());
            CheckUsage(findings, booking, copy, usage[booking.Id].ToList(), input.Outages[booking.Id].ToList());
        }

        // Holds only inventory knows of. A hold still 'held' is a workflow in flight that inventory expires by itself.
        foreach (var hold in input.Holds.Where(h => h.Status == "booked" && !listed.Contains(h.BookingId)))
            findings.Add(DiscrepancyKinds.HoldWithoutBooking, hold.BookingId,
                $"Inventory holds node(s) {Nodes(hold.NodeIndexes)} of cluster {hold.ClusterId} for {Period(hold.StartsAt, hold.EndsAt)}, but allocation has no such booking.",
                providerId: hold.ProviderId);

        var reportedAwards = 0;
        foreach (var unmatched in input.UnmatchedAwards)
        {
            var a = unmatched.Award;
            if (unmatched.FoundInAllocation || a.AwardedAt > settledBefore) continue; // a booking outside the period, or one being confirmed
            var belongsHere = unmatched.KnownToSettlement is { } known
                ? known.StartsAt < input.To && known.EndsAt > input.From
                : a.AwardedAt >= input.From && a.AwardedAt < input.To;
            if (!belongsHere) continue;
            reportedAwards++;
            findings.Add(DiscrepancyKinds.AwardWithoutBooking, a.BookingId,
                $"Bid {a.BidId} was awarded booking {a.BookingId} at {Usd(a.PricePerGpuHour)}/GPU-hour on {Time(a.AwardedAt)}, but allocation has no such booking.",
                tenantId: a.TenantId, providerId: unmatched.KnownToSettlement?.ProviderId);
        }

        var ledgerTransactions = input.Ledger.Values.Sum(l => l.Transactions);
        var matchedAwards = input.Awards.Count(a => listed.Contains(a.BookingId));
        var usageReports = input.Usage.Count(u => listed.Contains(u.BookingId));
        return new ComparisonResult(findings.ToList(), input.Bookings.Count, input.Holds.Count, matchedAwards + reportedAwards, ledgerTransactions, usageReports);
    }

    private static void CheckHolds(FindingSet findings, BookingView b, BookingCopy? copy, List<HoldRecord> holds, DateTimeOffset settledBefore,
        DateTimeOffset from, DateTimeOffset to)
    {
        if (b.Status != "cancelled" && b.Changes is { Count: > 0 } changes)
        {
            CheckChangedHolds(findings, b, changes, holds, from, to);
            return;
        }
        if (b.Status != "cancelled")
        {
            var nodes = holds.Where(h => h.ClusterId == b.ClusterId && h.StartsAt <= b.StartsAt && h.EndsAt >= b.EndsAt).Sum(h => h.NodeIndexes.Count);
            if (nodes >= b.NodeCount) return;
            var held = holds.Count == 0 ? "Inventory holds no nodes for it"
                : $"Inventory holds {string.Join("; ", holds.Select(h => $"node(s) {Nodes(h.NodeIndexes)} of cluster {h.ClusterId} for {Period(h.StartsAt, h.EndsAt)}"))}";
            findings.Add(DiscrepancyKinds.BookingWithoutHold, b.Id,
                $"{held}; the booking needs {b.NodeCount} node(s) of cluster {b.ClusterId} for {Period(b.StartsAt, b.EndsAt)}.", b);
            return;
        }
        // A cancelled booking keeps its nodes only up to the release point; without a hold at all it is simply over.
        if (copy?.RefundFrom is not { } releaseFrom || copy.CancelledAt > settledBefore) return;
        var releasePoint = releaseFrom < b.StartsAt ? b.StartsAt : releaseFrom;
        foreach (var hold in holds.Where(h => h.Status == "booked" && h.EndsAt > releasePoint))
            findings.Add(DiscrepancyKinds.HoldWithoutBooking, b.Id,
                $"Inventory still holds node(s) {Nodes(hold.NodeIndexes)} of cluster {hold.ClusterId} until {Time(hold.EndsAt)}, past the cancellation's release point {Time(releasePoint)}.", b);
    }

    /// <summary>
    /// An outage moved or credited part of the booking: its nodes are then where Domain's BookingSegments says, which
    /// inventory must hold node-hour for node-hour on each cluster (rows no longer share one period).
    /// Inventory lists every row of a booking that holds anything in the period, and nothing of one that holds nothing
    /// there: so with no rows listed, only the node-hours the booking needs inside the period are missing (an outage
    /// can have taken every hour it had there, leaving rows before or after it).
    /// </summary>
    private static void CheckChangedHolds(FindingSet findings, BookingView b, IReadOnlyList<BookingChange> changes, List<HoldRecord> holds,
        DateTimeOffset from, DateTimeOffset to)
    {
        var segments = BookingSegments.Of(b.ClusterId, b.NodeCount, b.StartsAt, b.EndsAt,
            changes.Select(c => new SegmentChange(c.Kind, c.ClusterId, c.FromClusterId, c.NodeCount, c.StartsAt, c.EndsAt)));
        var clipped = holds.Count == 0;
        if (clipped)
            segments = segments.Select(s => s with { StartsAt = s.StartsAt > from ? s.StartsAt : from, EndsAt = s.EndsAt < to ? s.EndsAt : to }).ToList();
        var expected = segments
            .GroupBy(s => s.ClusterId).Select(g => (Cluster: g.Key, NodeHours: g.Sum(s => s.NodeHours))).ToList();
        var held = holds.GroupBy(h => h.ClusterId)
            .ToDictionary(g => g.Key, g => g.Sum(h => h.NodeHours ?? h.NodeIndexes.Count * Billing.Hours(h.StartsAt, h.EndsAt)));
        var short_ = expected.Where(e => held.GetValueOrDefault(e.Cluster) < e.NodeHours).ToList();
        if (short_.Count == 0) return;
        findings.Add(DiscrepancyKinds.BookingWithoutHold, b.Id,
            string.Join(" ", short_.Select(e =>
                $"After its outage changes the booking needs {Number(e.NodeHours)} node-hours{(clipped ? " in the period" : "")} on cluster {e.Cluster}; inventory holds {Number(held.GetValueOrDefault(e.Cluster))}.")),
            b);
    }

    private static void CheckAward(FindingSet findings, BookingView b, AwardRecord? award)
    {
        if (award is null)
            findings.Add(DiscrepancyKinds.BookingWithoutAward, b.Id, $"Bidding has no award of bid {b.BidId} for this booking.", b);
        else if (award.PricePerGpuHour != b.PricePerGpuHour)
            findings.Add(DiscrepancyKinds.AmountMismatch, b.Id,
                $"The award's price {Usd(award.PricePerGpuHour)}/GPU-hour differs from the booking's {Usd(b.PricePerGpuHour)}.", b);
    }

    private static void CheckMoney(FindingSet findings, BookingView b, BookingCopy? copy, BookingLedger? ledger, AwardRecord? award,
        DateTimeOffset settledBefore, IReadOnlyList<OutageChange> outages)
    {
        var hours = Billing.Hours(b.StartsAt, b.EndsAt);
        var computedTotal = Money.Round(b.PricePerGpuHour * b.GpuCount * hours);
        if (computedTotal != b.TotalPrice)
            findings.Add(DiscrepancyKinds.AmountMismatch, b.Id,
                $"The booking's total {Usd(b.TotalPrice)} is not price × GPUs × hours = {Usd(computedTotal)}.", b);

        // A booking cancelled before it was ever confirmed (its hold lost) was never charged; every other one was.
        var chargeExpected = b.Status != "cancelled" || copy is not null;
        if (ledger?.Charged is not { } charged)
        {
            if (chargeExpected && b.CreatedAt <= settledBefore)
                findings.Add(DiscrepancyKinds.MissingCharge, b.Id, $"The booking (total {Usd(b.TotalPrice)}) has no charge in the ledger.", b);
            return;
        }
        var mismatch = false;
        if (charged != b.TotalPrice)
        {
            mismatch = true;
            findings.Add(DiscrepancyKinds.AmountMismatch, b.Id, $"The ledger charged {Usd(charged)}; the booking's total is {Usd(b.TotalPrice)}.", b);
        }
        var refunded = ledger.Refunded ?? 0;
        var expectedRefund = 0m;
        if (b.Status == "cancelled" && copy?.CancelledAt is not null)
        {
            expectedRefund = Billing.RefundAmount(copy, charged, outages);
            if (refunded != expectedRefund)
            {
                mismatch = true;
                findings.Add(DiscrepancyKinds.AmountMismatch, b.Id,
                    $"The cancellation by {copy.CancelledBy} should have refunded {Usd(expectedRefund)}; the ledger refunded {Usd(refunded)}.", b);
            }
        }
        if (!mismatch && (award is null || award.PricePerGpuHour == b.PricePerGpuHour) && computedTotal == b.TotalPrice) return;

        // What the tenant should have paid: the least of the amounts the records support, less the same share refunded.
        var owedTotal = Math.Min(b.TotalPrice, computedTotal);
        if (award is not null) owedTotal = Math.Min(owedTotal, Money.Round(award.PricePerGpuHour * b.GpuCount * hours));
        var refundedShare = charged == 0 ? 0 : expectedRefund / charged;
        var overpaid = Money.Round(charged - refunded - owedTotal * (1 - refundedShare));
        if (overpaid > 0) findings.SuggestCredit(DiscrepancyKinds.AmountMismatch, b.Id, overpaid);
    }

    /// <summary>
    /// Delivered below booked is an under-delivery, except for GPU-hours an outage already credited: a provider reporting
    /// the hours its failed node did not deliver is telling the truth, and the tenant was paid back already.
    /// </summary>
    private static void CheckUsage(FindingSet findings, BookingView b, BookingCopy? copy, List<UsageReportRow> reports, List<OutageChange> outages)
    {
        var booked = reports.Sum(r => r.BookedGpuHours);
        var delivered = reports.Sum(r => r.DeliveredGpuHours);
        var missing = reports.Sum(r => Math.Max(0, r.BookedGpuHours - r.DeliveredGpuHours - CreditedWithin(outages, r.PeriodStart, r.PeriodEnd)));
        if (missing <= 0) return;
        var price = copy?.Price ?? b.PricePerGpuHour;
        var credit = Money.Round(missing * price);
        findings.Add(DiscrepancyKinds.UnderDelivery, b.Id,
            $"Delivered {Number(delivered)} of {Number(booked)} GPU-hours booked in {reports.Count} usage report(s): {Number(missing)} GPU-hours short, {Usd(credit)} at {Usd(price)}/GPU-hour.",
            b);
        findings.SuggestCredit(DiscrepancyKinds.UnderDelivery, b.Id, credit);
    }

    /// <summary>GPU-hours outages credited inside [from, to): each credit spread evenly over its period, as it was lost.</summary>
    private static decimal CreditedWithin(List<OutageChange> outages, DateTimeOffset from, DateTimeOffset to) =>
        outages.Where(o => o.Kind == "credited" && o.EndsAt > o.StartsAt)
            .Sum(o => o.GpuHours * Billing.Hours(o.StartsAt > from ? o.StartsAt : from, o.EndsAt < to ? o.EndsAt : to) / Billing.Hours(o.StartsAt, o.EndsAt));

    private static string Period(DateTimeOffset from, DateTimeOffset to) => $"{Time(from)}–{Time(to)}";
    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
    private static string Usd(decimal amount) => (amount / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
    private static string Number(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
    private static string Nodes(IReadOnlyList<int> nodes) => string.Join(",", nodes);

    /// <summary>Findings keyed by (kind, booking), in the order first found; resolved keys are dropped.</summary>
    private sealed class FindingSet(IReadOnlySet<(string Kind, Guid BookingId)> resolved)
    {
        private readonly Dictionary<(string, Guid), Builder> _byKey = [];
        private readonly List<Builder> _ordered = [];

        public void Add(string kind, Guid bookingId, string detail, BookingView booking) =>
            Add(kind, bookingId, detail, booking.TenantId, booking.ProviderId);

        public void Add(string kind, Guid bookingId, string detail, Guid? tenantId = null, Guid? providerId = null)
        {
            if (resolved.Contains((kind, bookingId))) return;
            if (!_byKey.TryGetValue((kind, bookingId), out var builder))
            {
                builder = new Builder(kind, bookingId, tenantId, providerId);
                _byKey[(kind, bookingId)] = builder;
                _ordered.Add(builder);
            }
            builder.Details.Add(detail);
        }

        public void SuggestCredit(string kind, Guid bookingId, decimal amount)
        {
            if (_byKey.TryGetValue((kind, bookingId), out var builder)) builder.Credit = amount;
        }

        public List<Finding> ToList() =>
            _ordered.Select(b => new Finding(b.Kind, b.BookingId, string.Join(" ", b.Details), b.Credit, b.TenantId, b.ProviderId)).ToList();

        private sealed class Builder(string kind, Guid bookingId, Guid? tenantId, Guid? providerId)
        {
            public string Kind => kind;
            public Guid BookingId => bookingId;
            public Guid? TenantId => tenantId;
            public Guid? ProviderId => providerId;
            public List<string> Details { get; } = [];
            public decimal? Credit { get; set; }
        }
    }
}
