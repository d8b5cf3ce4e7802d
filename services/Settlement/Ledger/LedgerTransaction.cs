using Marketplace.Domain;

namespace Marketplace.Settlement.Ledger;

public sealed record LedgerLine(string Account, Guid? OrganizationId, string Kind, decimal Amount);

/// <summary>
/// One balanced set of entries. It cannot be built unbalanced: the entries must sum to exactly zero, each with at most
/// 4 decimals. <see cref="Cause"/> names what made it (one per booking charge, per cancellation, per resolution), and is
/// unique in the ledger, so whatever is redelivered or retried, the money moves once.
/// </summary>
public sealed class LedgerTransaction
{
    private LedgerTransaction(string kind, Guid? bookingId, string cause, IReadOnlyList<LedgerLine> lines)
    {
        Kind = kind;
        BookingId = bookingId;
        Cause = cause;
        Lines = lines;
    }

    public string Kind { get; }
    public Guid? BookingId { get; }
    public string Cause { get; }
    public IReadOnlyList<LedgerLine> Lines { get; }

    public static LedgerTransaction Create(string kind, Guid? bookingId, string cause, IEnumerable<LedgerLine> lines)
    {
        // A zero line says nothing (a 0% fee): leave it out rather than clutter statements.
        var kept = lines.Where(l => l.Amount != 0).ToList();
        if (!EntryKinds.IsValid(kind)) throw new ArgumentException($"Unknown transaction kind {kind}", nameof(kind));
        if (kept.Count < 2) throw new InvalidOperationException($"A ledger transaction needs at least two non-zero entries ({cause}).");
        foreach (var line in kept)
        {
            if (!EntryKinds.IsValid(line.Kind)) throw new InvalidOperationException($"Unknown entry kind {line.Kind} ({cause}).");
            if (!Money.HasAtMostScale(line.Amount)) throw new InvalidOperationException($"Amount {line.Amount} has more than {Money.Scale} decimals ({cause}).");
        }
        var sum = kept.Sum(l => l.Amount);
        if (sum != 0) throw new InvalidOperationException($"Ledger transaction {cause} does not balance: its entries sum to {sum}.");
        return new LedgerTransaction(kind, bookingId, cause, kept);
    }
}

/// <summary>How an amount divides between provider and platform. The provider's part is rounded; the platform takes the remainder, so the parts always add up.</summary>
public static class FeeSplit
{
    public static (decimal Provider, decimal Platform) Split(decimal amount, decimal feeRate)
    {
        var provider = Money.Round(amount * (1 - feeRate));
        return (provider, amount - provider);
    }
}
