namespace Marketplace.Domain;

/// <summary>The market schedules on whole UTC hours.</summary>
public static class Hours
{
    /// <summary>Whole hour in UTC; an offset such as +02:00 is accepted and read as the same instant.</summary>
    public static bool IsWholeHour(DateTimeOffset t) => t.UtcTicks % TimeSpan.TicksPerHour == 0;

    /// <summary>The first whole hour at or after <paramref name="t"/>.</summary>
    public static DateTimeOffset CeilingHour(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        var floor = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        return floor == utc ? floor : floor.AddHours(1);
    }

    public static DateTimeOffset FloorHour(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero);
    }
}
