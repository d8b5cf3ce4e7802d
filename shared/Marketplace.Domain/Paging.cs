using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Marketplace.Domain;

/// <summary>
/// Lists are newest first and paged by keyset on (createdAt, id). The cursor is opaque to clients:
/// base64url of "ticks:id" of the last item returned.
/// </summary>
public readonly record struct PageCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Id:N}"));

    public static bool TryDecode(string? text, out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException) { }
        return false;
    }

    /// <summary>Validates limit and cursor the same way everywhere a list is served.</summary>
    public static PageCursor? Validate(ValidationErrors errors, int limit, string? cursor)
    {
        errors.Range("limit", limit, 1, MaxLimit);
        if (!TryDecode(cursor, out var decoded)) errors.Add("cursor", "is not a cursor this API returned");
        return decoded;
    }

    /// <summary>The next cursor when a page came back full (one extra row was fetched to know).</summary>
    public static string? Next<T>(List<T> rows, int limit, Func<T, PageCursor> key)
    {
        if (rows.Count <= limit) return null;
        rows.RemoveRange(limit, rows.Count - limit);
        return key(rows[^1]).Encode();
    }
}
