namespace Marketplace.Allocation.Bookings;

/// <summary>
/// The booking workflow's states and the moves between them. <see cref="Bookings.TransitionAsync"/> is the only code
/// that changes a booking's state, and migration 0003's trigger refuses any move this table does not allow.
/// </summary>
public static class BookingStates
{
    /// <summary>Created by a round; inventory is asked to hold the nodes.</summary>
    public const string Holding = "holding";
    /// <summary>Nodes held; bidding is asked to award the bid.</summary>
    public const string Awarding = "awarding";
    /// <summary>Bid won; inventory is asked to make the hold permanent.</summary>
    public const string Confirming = "confirming";
    /// <summary>Held and awarded: settlement charges it.</summary>
    public const string Confirmed = "confirmed";
    /// <summary>The decision was dropped before anything was promised (nodes unavailable, award refused).</summary>
    public const string Void = "void";
    /// <summary>Cancelled by its tenant or an admin, or by the system when its hold was lost before confirmation.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Target state → the states it may be reached from.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFrom = new Dictionary<string, string[]>
    {
        [Awarding] = [Holding],
        [Confirming] = [Awarding],
        [Confirmed] = [Confirming],
        [Void] = [Holding, Awarding],
        [Cancelled] = [Confirming, Confirmed],
    };

    public static bool CanMove(string from, string to) => AllowedFrom.TryGetValue(to, out var froms) && froms.Contains(from);

    /// <summary>States whose nodes count as taken: what a round must never promise again.</summary>
    public static readonly string[] Occupying = [Holding, Awarding, Confirming, Confirmed, Cancelled];

    /// <summary>States a client sees: awarded (confirming or confirmed) or cancelled. Holding, awarding and void are internal.</summary>
    public static readonly string[] Visible = [Confirming, Confirmed, Cancelled];

    /// <summary>
    /// By id, a booking is also found while awarding: bidding may already show the bid won (its event is on the way
    /// here), and a client following the bid's bookingId must find the booking. A refused award is never shown by a bid.
    /// </summary>
    public static readonly string[] VisibleById = [Awarding, Confirming, Confirmed, Cancelled];

    /// <summary>A workflow step is in flight: the watchdog re-sends it if it stalls.</summary>
    public static readonly string[] InFlight = [Holding, Awarding, Confirming];
}
