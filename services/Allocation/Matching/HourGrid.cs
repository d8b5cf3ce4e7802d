using Marketplace.Domain;

namespace Marketplace.Allocation.Matching;

/// <summary>
/// Whole UTC hours counted from the round's first usable hour (the next whole hour at or after Now), so the engine
/// does its calendar arithmetic on small ints instead of DateTimeOffset.
/// </summary>
internal readonly struct HourGrid
{
    // Far past and far future are clamped so that adding a duration to an hour can never overflow an int.
    private const long Limit = 1L << 29;

    private HourGrid(DateTimeOffset origin) => Origin = origin;

    public DateTimeOffset Origin { get; }

    public static HourGrid StartingAfter(DateTimeOffset now) => new(Hours.CeilingHour(now));

    /// <summary>The last whole hour at or before <paramref name="t"/>.</summary>
    public int Floor(DateTimeOffset t) => Clamp(FloorDiv(t.UtcTicks - Origin.UtcTicks));

    /// <summary>The first whole hour at or after <paramref name="t"/>.</summary>
    public int Ceiling(DateTimeOffset t) => Clamp(-FloorDiv(Origin.UtcTicks - t.UtcTicks));

    public DateTimeOffset At(int hour) => Origin.AddHours(hour);

    public static int ClampDuration(int hours) => (int)Math.Min(hours, Limit);

    private static long FloorDiv(long ticks) => ticks >= 0
        ? ticks / TimeSpan.TicksPerHour
        : -((-ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour);

    private static int Clamp(long hour) => (int)Math.Clamp(hour, -Limit, Limit);
}
