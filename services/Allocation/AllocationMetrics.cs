using System.Diagnostics.Metrics;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Metrics;
using Npgsql;

namespace Marketplace.Allocation;

/// <summary>The allocation service's meter: market rounds, open bids, and how long a bid takes to become a confirmed booking.</summary>
public sealed class AllocationMetrics
{
    public const string MeterName = "Marketplace.Allocation";
    private readonly Histogram<double> _roundDuration;
    private readonly Histogram<int> _roundOpenBids;
    private readonly Histogram<int> _roundWins;
    private readonly Histogram<double> _bidToWon;
    private readonly Counter<long> _bookingsConfirmed;

    public AllocationMetrics(IMeterFactory meters, NpgsqlDataSource dataSource, ILogger<AllocationMetrics> logger)
    {
        var meter = meters.Create(MeterName);
        IReadOnlyList<int> sizes = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
        _roundDuration = meter.CreateHistogram("marketplace_allocation_round_duration_seconds", "s",
            "One market's round, from loading its bids and clusters to the commit of its decisions.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _roundOpenBids = meter.CreateHistogram("marketplace_allocation_round_open_bids", "{bid}",
            "Open bids in the market when a round ran (those under every ask included, decided again or not).", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = sizes });
        _roundWins = meter.CreateHistogram("marketplace_allocation_round_wins", "{bid}",
            "Bids a round placed (each starts a booking workflow).", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = sizes });
        _bidToWon = meter.CreateHistogram("marketplace_allocation_bid_to_won_seconds", "s",
            "From a bid's placing to the confirmation of the booking it won.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400] });
        _bookingsConfirmed = meter.CreateCounter<long>("marketplace_allocation_bookings_confirmed", "{booking}",
            "Bookings that reached confirmed (the hold made permanent; settlement charges them).");
        var openBids = new CachedReading<long>(dataSource, "select count(*) from bids where status = 'open'", logger);
        meter.CreateObservableGauge("marketplace_allocation_open_bids", () => openBids.Observe(n => n), "{bid}",
            "Bids open in the market (allocation's view; bids being awarded are not counted).");
    }

    /// <summary>A round committed (MarketClearing).</summary>
    public void RoundCleared(string gpuModel, TimeSpan elapsed, int openBids, int wins)
    {
        var model = new KeyValuePair<string, object?>("gpu_model", gpuModel);
        _roundDuration.Record(elapsed.TotalSeconds, model);
        _roundOpenBids.Record(openBids, model);
        _roundWins.Record(wins, model);
    }

    /// <summary>Bookings became confirmed in <paramref name="uow"/>: counted, with their bids' waits, once that commits.</summary>
    public async Task BookingsConfirmedAsync(UnitOfWork uow, IReadOnlyCollection<Guid> bidIds)
    {
        if (bidIds.Count == 0) return;
        // The database's clock for both ends: placed_at is the bid's creation, now() this confirmation's transaction.
        var waits = (await uow.QueryAsync<double>(
            "select extract(epoch from now() - placed_at)::float8 from bids where id = any(@ids)", new { ids = bidIds.ToArray() })).ToList();
        uow.OnCommitted(() =>
        {
            _bookingsConfirmed.Add(bidIds.Count);
            foreach (var seconds in waits) _bidToWon.Record(Math.Max(0, seconds));
        });
    }
}
