using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Marketplace.Hosting.Metrics;

/// <summary>The outbox, on every service: how much is waiting to be relayed, for how long, and how much was relayed.</summary>
public sealed class HostingMetrics
{
    public const string MeterName = "Marketplace.Hosting";
    private readonly Counter<long> _relayed;

    public HostingMetrics(IMeterFactory meters, NpgsqlDataSource dataSource, ILogger<HostingMetrics> logger)
    {
        var meter = meters.Create(MeterName);
        // One query for both gauges; the partial index outbox_unsent keeps it to the unsent rows.
        var outbox = new CachedReading<(long Unsent, double OldestAgeSeconds)>(dataSource,
            """
            select count(*), coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0)::float8
            from outbox where sent_at is null
            """, logger);
        meter.CreateObservableGauge("marketplace_outbox_unsent_messages", () => outbox.Observe(o => o.Unsent), "{message}",
            "Outbox rows committed and not yet stamped sent (the relay stamps what it sent before each poll).");
        meter.CreateObservableGauge("marketplace_outbox_oldest_unsent_age_seconds", () => outbox.Observe(o => Math.Max(0, o.OldestAgeSeconds)), "s",
            "Age of the oldest outbox row not yet stamped sent (0 when none waits); a sent row waits up to Outbox:PollInterval for its stamp.");
        _relayed = meter.CreateCounter<long>("marketplace_outbox_relayed_messages", "{message}",
            "Messages the outbox relay published to RabbitMQ (confirmed by the broker); stamped sent before its next poll.");
    }

    /// <summary>
    /// <paramref name="polled"/>: read back from the table (another instance's rows, a stopped process's, a catch-up
    /// after a failure) rather than handed over by the unit of work that committed them.
    /// </summary>
    public void Relayed(int count, bool polled) => _relayed.Add(count, new KeyValuePair<string, object?>("path", polled ? "polled" : "handed_over"));
}
