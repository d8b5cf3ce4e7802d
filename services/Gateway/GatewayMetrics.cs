using System.Diagnostics.Metrics;

namespace Marketplace.Gateway;

/// <summary>The gateway's meter: which way batches of placements went to bidding (docs/decisions/0016).</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Marketplace.Gateway";
    /// <summary>Answered by a bidding instance over HTTP.</summary>
    public const string Straight = "straight";
    /// <summary>Sent through the broker: no instance took it, or its answer did not come.</summary>
    public const string ThroughBroker = "broker";

    private readonly Counter<long> _placementBatches;

    public GatewayMetrics(IMeterFactory meters) =>
        _placementBatches = meters.Create(MeterName).CreateCounter<long>("marketplace_gateway_placement_batches", "{batch}",
            "Batches of placements sent to bidding, by the way they went: straight (HTTP) or broker.");

    public void PlacementBatchSent(string way) => _placementBatches.Add(1, new KeyValuePair<string, object?>("way", way));
}
