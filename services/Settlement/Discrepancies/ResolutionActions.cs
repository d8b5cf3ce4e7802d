using Marketplace.Settlement.Reconciliation;

namespace Marketplace.Settlement.Discrepancies;

/// <summary>
/// What an admin may do about each kind of discrepancy. API.md's actions, plus post-charge (this service's addition) for
/// a booking that was never charged: posting the charge it should have had.
/// </summary>
public static class ResolutionActions
{
    public const string ReleaseHold = "release-hold";
    public const string CancelBooking = "cancel-booking";
    public const string IssueCredit = "issue-credit";
    public const string PostCharge = "post-charge";
    public const string Accept = "accept";

    private static readonly Dictionary<string, string[]> ByKind = new(StringComparer.Ordinal)
    {
        [DiscrepancyKinds.HoldWithoutBooking] = [ReleaseHold, Accept],
        [DiscrepancyKinds.BookingWithoutHold] = [CancelBooking, Accept],
        [DiscrepancyKinds.AwardWithoutBooking] = [Accept],
        [DiscrepancyKinds.BookingWithoutAward] = [CancelBooking, Accept],
        [DiscrepancyKinds.AmountMismatch] = [IssueCredit, Accept],
        [DiscrepancyKinds.MissingCharge] = [PostCharge, CancelBooking, Accept],
        [DiscrepancyKinds.UnderDelivery] = [IssueCredit, Accept],
    };

    public static IReadOnlyList<string> For(string kind) => ByKind.GetValueOrDefault(kind, [Accept]);

    public static bool Fits(string kind, string action) => For(kind).Contains(action);
}
