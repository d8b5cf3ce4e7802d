using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Marketplace.Domain;

/// <summary>Event types (API.md "Outages, events and webhooks") and the rules for webhooks, shared by the gateway and the notifications service.</summary>
public static class EventTypes
{
    public const string BidWon = "bid.won";
    public const string BidExpired = "bid.expired";
    public const string BookingConfirmed = "booking.confirmed";
    public const string BookingCancelled = "booking.cancelled";
    public const string BookingMoved = "booking.moved";
    public const string BookingCredited = "booking.credited";
    public const string ReconciliationCompleted = "reconciliation.completed";
    public const string DiscrepancyFound = "discrepancy.found";

    public static readonly string[] All =
        [BidWon, BidExpired, BookingConfirmed, BookingCancelled, BookingMoved, BookingCredited, ReconciliationCompleted, DiscrepancyFound];

    /// <summary>The events an organization of the role is ever told about: a webhook may subscribe to these only.</summary>
    public static IReadOnlyList<string> For(string role) => role switch
    {
        Roles.Tenant => [BidWon, BidExpired, BookingConfirmed, BookingCancelled, BookingMoved, BookingCredited],
        Roles.Provider => [BookingConfirmed, BookingCancelled, BookingMoved, BookingCredited],
        Roles.Admin => [ReconciliationCompleted, DiscrepancyFound],
        _ => [],
    };
}

public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxEvents = 8;

    /// <summary>
    /// The shape of a webhook: an absolute http(s) URL without credentials or fragment, and a non-empty set of event
    /// types the caller's role receives. Which hosts and schemes are allowed is the notifications service's
    /// configuration, checked there (<c>Notifications:AllowedWebhookHosts</c>).
    /// </summary>
    public static Uri? Validate(ValidationErrors errors, string role, string? url, IReadOnlyList<string?>? events)
    {
        Uri? uri = null;
        if (errors.Required("url", url))
        {
            if (url!.Length > MaxUrlLength) errors.Add("url", $"must be at most {MaxUrlLength} characters");
            else if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || uri.Scheme is not ("https" or "http"))
            {
                errors.Add("url", "must be an absolute https URL");
                uri = null;
            }
            else if (!string.IsNullOrEmpty(uri.UserInfo)) { errors.Add("url", "may not carry a user name or password"); uri = null; }
            else if (!string.IsNullOrEmpty(uri.Fragment)) { errors.Add("url", "may not have a fragment"); uri = null; }
        }
        if (events is null || events.Count == 0) errors.Add("events", "must name at least one event type");
        else
        {
            var allowed = EventTypes.For(role);
            foreach (var type in events)
            {
                if (type is null || !EventTypes.All.Contains(type))
                    errors.Add("events", $"'{type}' is not an event type; the types are {string.Join(", ", EventTypes.All)}");
                else if (!allowed.Contains(type))
                    errors.Add("events", $"{role}s are not sent {type}; they receive {string.Join(", ", allowed)}");
            }
            if (events.Distinct().Count() != events.Count) errors.Add("events", "may not name a type twice");
        }
        return uri;
    }
}

/// <summary>
/// The events feed's cursor: opaque to clients, base64url of "e:&lt;seq&gt;", the position of the last event read. The
/// feed is read forwards (oldest first), so a client keeps the cursor and polls with it.
/// </summary>
public static class FeedCursor
{
    public static string Encode(long seq) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"e:{seq.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryDecode(string? text, out long seq)
    {
        seq = 0;
        if (string.IsNullOrEmpty(text)) return true;
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            return decoded.StartsWith("e:", StringComparison.Ordinal)
                && long.TryParse(decoded.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
        }
        catch (FormatException) { return false; }
    }

    /// <summary>Validates the feed's <c>limit</c> (the lists' rule, 1–200) and <c>after</c>; returns the position after which to read.</summary>
    public static long Validate(ValidationErrors errors, int limit, string? after)
    {
        errors.Range("limit", limit, 1, PageCursor.MaxLimit);
        if (!TryDecode(after, out var seq)) errors.Add("after", "is not a cursor this API returned");
        return seq;
    }
}
