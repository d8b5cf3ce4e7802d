namespace Marketplace.Bench;

/// <summary>The numbers of one run, as the report's table row and its JSON show them.</summary>
public sealed record RunResult
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Database { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required double Seconds { get; init; }
    /// <summary>Requests due per second of sending (the open loop's rate; the closed loop's requests sent).</summary>
    public required double OfferedPerSecond { get; init; }
    /// <summary>201s per second, from the start until the last answer came.</summary>
    public required double AchievedPerSecond { get; init; }
    public required long Scheduled { get; init; }
    public required long Accepted { get; init; }
    public required long Unsent { get; init; }
    /// <summary>Answers other than 201 by status; "0" is no answer at all (refused, reset, timed out after 30 s).</summary>
    public required IReadOnlyDictionary<string, int> Failures { get; init; }
    public required Percentiles PostMs { get; init; }
    public required Percentiles? BidToWonSeconds { get; init; }
    public required int Won { get; init; }
    public required int Booked { get; init; }
    /// <summary>Seconds from the end of sending until every accepted bid had its booking; when not complete, the deadline.</summary>
    public required double? BookingLagSeconds { get; init; }
    public required bool BookingLagComplete { get; init; }
    /// <summary>
    /// Seconds from the end of sending until the last of the run's bookings was confirmed, by the system's own record
    /// (the booking.confirmed events' <c>at</c>); null when not every bid was booked or the feeds did not tell it.
    /// </summary>
    public double? ConfirmedLagSeconds { get; init; }
    /// <summary>Denominator of <see cref="CpuMsPerBid"/>: bids booked (accepted, for the accept path, which books nothing).</summary>
    public required long CpuPerBidOf { get; init; }
    public required IReadOnlyDictionary<string, double> CpuSeconds { get; init; }
    public required IReadOnlyDictionary<string, double?> CpuMsPerBid { get; init; }
    /// <summary>
    /// CPU seconds of the PostgreSQL backends connected to the system's own databases: on a shared server, the part
    /// of <c>CpuSeconds["postgresql"]</c> that is surely the system's (a lower bound; see <see cref="ProcessMeter"/>).
    /// </summary>
    public required double PostgresOwnBackendsCpuSeconds { get; init; }
    public required IReadOnlyDictionary<string, double?> RssMb { get; init; }
    /// <summary>The benchmark process's own CPU seconds: it shares the machine with what it measures.</summary>
    public required double BenchCpuSeconds { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>Nearest-rank percentiles of a sample.</summary>
public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}
