using System.Diagnostics.Metrics;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Metrics;

namespace Marketplace.Bidding;

/// <summary>The bidding service's meter: bids placed, and bids closed by how they ended.</summary>
public sealed class BiddingMetrics
{
    public const string MeterName = "Marketplace.Bidding";
    private readonly Counter<long> _placed;
    private readonly Counter<long> _closed;

    public BiddingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _placed = meter.CreateCounter<long>("marketplace_bidding_bids_placed", "{bid}", "Bids placed (a retried placing counts once).");
        _closed = meter.CreateCounter<long>("marketplace_bidding_bids_closed", "{bid}", "Bids that left open, by status: won, cancelled or expired.");
    }

    public void BidPlaced(UnitOfWork uow) => uow.OnCommitted(() => _placed.Add(1));

    public void BidClosed(UnitOfWork uow, string status) =>
        uow.OnCommitted(() => _closed.Add(1, new KeyValuePair<string, object?>("status", status)));
}
