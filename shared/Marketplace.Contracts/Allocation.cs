namespace Marketplace.Contracts.Allocation;

public record BookingView(
    Guid Id, Guid BidId, Guid TenantId, Guid ProviderId, Guid ClusterId, string GpuModel, int NodeCount, int GpuCount,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal PricePerGpuHour, decimal TotalPrice,
    string Status, DateTimeOffset CreatedAt, IReadOnlyList<BookingChange>? Changes = null);

/// <summary>
/// One change an outage made to a booking (API.md "changes"). moved: <c>NodeCount</c> nodes of <c>ClusterId</c> carry
/// the booking over <c>StartsAt</c>–<c>EndsAt</c> instead of the nodes of <c>FromClusterId</c> (the same cluster when
/// other nodes of it took over); credited: that many nodes of <c>ClusterId</c> were lost over that period and
/// <c>Amount</c> = <c>GpuHours</c> × price went back to the tenant. For a move, <c>Amount</c> is the value of the hours
/// moved, whose payout goes to the new cluster's provider.
/// </summary>
public record BookingChange(
    DateTimeOffset At, string Kind, Guid ClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    decimal GpuHours, decimal Amount, Guid? FromClusterId = null, Guid? OutageId = null);

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

/// <summary>
/// An outage moved the booking's hours in <c>Change</c> to other nodes: the tenant's price is unchanged; settlement moves
/// the provider payout of those hours from <paramref name="FromProviderId"/> to <paramref name="ToProviderId"/> (nothing
/// when both are the same). Once per (outage, booking).
/// </summary>
public record BookingMoved(BookingView Booking, Guid OutageId, BookingChange Change, Guid FromProviderId, Guid ToProviderId);
/// <summary>An outage cost the booking <c>Change.GpuHours</c>: settlement credits the tenant <c>Change.Amount</c>, borne by <paramref name="ProviderId"/> and the platform. Once per (outage, booking).</summary>
public record BookingCredited(BookingView Booking, Guid OutageId, BookingChange Change, Guid ProviderId);

/// <summary>Paged read for settlement's reconciliation: awarded bookings (confirmed or cancelled) overlapping [From, To), by id.</summary>
public record ListBookingRecords(DateTimeOffset From, DateTimeOffset To, int Limit, string? Cursor);

/// <summary>
/// What a round decided about bids whose decision changed: every winner, and each loser whose reason is not the one it
/// was last given (rounds repeat every few seconds; an unchanged reason is not sent again). <paramref name="At"/> is the
/// round's start, so for a loser it is when the market first gave that reason. Bidding shows the newest as lastDecision.
/// </summary>
public record BidsDecided(DateTimeOffset At, IReadOnlyList<BidDecisionNote> Decisions);
public record BidDecisionNote(Guid BidId, string Reason);
