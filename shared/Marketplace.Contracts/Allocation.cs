namespace Marketplace.Contracts.Allocation;

public record BookingView(
    Guid Id, Guid BidId, Guid TenantId, Guid ProviderId, Guid ClusterId, string GpuModel, int NodeCount, int GpuCount,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal PricePerGpuHour, decimal TotalPrice,
    string Status, DateTimeOffset CreatedAt);

public record BookingPage(IReadOnlyList<BookingView> Items, string? NextCursor);

public record GetBooking(Caller Caller, Guid BookingId);
public record ListBookings(Caller Caller, string? Status, int Limit, string? Cursor);
public record CancelBooking(Caller Caller, Guid BookingId);

/// <summary>The booking is held and awarded: settlement charges it.</summary>
public record BookingConfirmed(BookingView Booking);
/// <summary>Many confirmations at once (a round's bookings): each item means what one <see cref="BookingConfirmed"/> means.</summary>
public record BookingsConfirmed(IReadOnlyList<BookingView> Bookings);
/// <summary>A confirmed booking was cancelled; settlement refunds <paramref name="RefundFraction"/> of the hours from <paramref name="RefundFrom"/>.</summary>
public record BookingCancelled(BookingView Booking, string CancelledBy, DateTimeOffset CancelledAt, DateTimeOffset RefundFrom, decimal RefundFraction);

/// <summary>Paged read for settlement's reconciliation: awarded bookings (confirmed or cancelled) overlapping [From, To), by id.</summary>
public record ListBookingRecords(DateTimeOffset From, DateTimeOffset To, int Limit, string? Cursor);

/// <summary>
/// What a round decided about bids whose decision changed: every winner, and each loser whose reason is not the one it
/// was last given (rounds repeat every few seconds; an unchanged reason is not sent again). <paramref name="At"/> is the
/// round's start, so for a loser it is when the market first gave that reason. Bidding shows the newest as lastDecision.
/// </summary>
public record BidsDecided(DateTimeOffset At, IReadOnlyList<BidDecisionNote> Decisions);
public record BidDecisionNote(Guid BidId, string Reason);
