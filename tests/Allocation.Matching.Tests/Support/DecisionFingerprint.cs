using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Allocation.Matching.Tests.Support;

/// <summary>
/// A SHA-256 over every field of every decision of a round, in order: two rounds have the same fingerprint only if
/// they decide exactly the same (winners, placements, prices and their scale, who set them, ranks, reason strings).
/// </summary>
public static class DecisionFingerprint
{
    /// <param name="withReasons">False: the placements and prices only, for a change that rewords reasons on purpose.</param>
    public static string Of(RoundResult result, bool withReasons = true)
    {
        var text = new StringBuilder();
        foreach (var d in result.Decisions)
        {
            text.Append(CultureInfo.InvariantCulture, $"{d.BidId:N}|{d.Rank}|");
            if (d.Placement is { } p)
                text.Append(CultureInfo.InvariantCulture,
                    $"{p.ClusterId:N}|{p.NodeCount}|{p.GpuCount}|{p.StartsAt.UtcTicks}|{p.StartsAt.Offset.Ticks}|"
                    + $"{p.EndsAt.UtcTicks}|{p.EndsAt.Offset.Ticks}|{p.PricePerGpuHour}|{p.PriceSetBy?.ToString("N") ?? "ask"}|");
            else
                text.Append("lost|");
            // Length-prefixed, so no reason can be mistaken for the fields that follow it.
            if (withReasons) text.Append(CultureInfo.InvariantCulture, $"{d.Reason.Length}:{d.Reason}");
            text.Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
