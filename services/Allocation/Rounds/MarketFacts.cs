using Marketplace.Allocation.Matching;
using Marketplace.Domain;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// What the decision on a bid under every ask depends on (<see cref="SleepingBids"/>): the first whole hour a round can
/// use, and the market's active clusters as the engine's static rules see them: model, region, fabric, size, ask and
/// listing window, not what is booked on them.
/// </summary>
public sealed class MarketFacts : IEquatable<MarketFacts>
{
    private readonly DateTimeOffset _firstHour;
    private readonly IReadOnlyList<ClusterCapacity> _clusters;

    /// <param name="clusters">The market's active clusters, in id order.</param>
    public MarketFacts(DateTimeOffset now, IReadOnlyList<ClusterCapacity> clusters)
    {
        _firstHour = Hours.CeilingHour(now);
        _clusters = clusters;
        LowestAsk = clusters.Count == 0 ? decimal.MaxValue : clusters.Min(c => c.AskPricePerGpuHour);
    }

    /// <summary>The lowest ask of the market (the largest decimal when it has no active cluster).</summary>
    public decimal LowestAsk { get; }

    /// <summary>
    /// A bid under every ask of its market: the engine gives it no cluster (each stops it at the price rule or before),
    /// and it cannot set a winner's price either (a winner pays at least its cluster's ask).
    /// </summary>
    public bool Sleeps(OpenBid bid) => bid.MaxPricePerGpuHour < LowestAsk;

    public bool Equals(MarketFacts? other)
    {
        if (other is null) return false;
        if (_firstHour != other._firstHour || _clusters.Count != other._clusters.Count) return false;
        for (var i = 0; i < _clusters.Count; i++)
            if (!SameStaticFacts(_clusters[i], other._clusters[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as MarketFacts);

    public override int GetHashCode() => HashCode.Combine(_firstHour, _clusters.Count, LowestAsk);

    // Every field of the cluster but what is booked on it (records compare by value; both sides get the same empty list).
    private static bool SameStaticFacts(ClusterCapacity a, ClusterCapacity b) => a with { Occupied = None } == b with { Occupied = None };

    private static readonly Occupancy[] None = [];
}
