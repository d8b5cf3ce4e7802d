namespace Marketplace.Settlement.Reconciliation;

/// <summary>The discrepancy kinds of API.md.</summary>
public static class DiscrepancyKinds
{
    public const string HoldWithoutBooking = "hold-without-booking";
    public const string BookingWithoutHold = "booking-without-hold";
    public const string AwardWithoutBooking = "award-without-booking";
    public const string BookingWithoutAward = "booking-without-award";
    public const string AmountMismatch = "amount-mismatch";
    public const string MissingCharge = "missing-charge";
    public const string UnderDelivery = "under-delivery";
}
