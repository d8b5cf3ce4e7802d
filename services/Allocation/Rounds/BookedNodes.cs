using Marketplace.Allocation.Matching;
using Marketplace.Domain;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// What one market's bookings occupy, by booking (to replace or drop one when it changes) and by cluster (what a round
/// reads). A round asks only for the clusters its bids could use, so its cost follows what is booked there, not the
/// market's whole history: going through every booking of the model each round cost allocation about 60 % more
/// CPU per booked bid at 100 bids/s with 200,000 bookings on other clusters, and quadrupled the round's median time
/// (docs/benchmarks.md, twentieth session). Not thread-safe: <see cref="OccupancyCache"/> uses it under the market's lock.
/// </summary>
internal sealed class BookedNodes
{
    /// <summary>Each booking's clusters (to find it again there) and when it ends; its segments are kept once, by cluster.</summary>
    private readonly Dictionary<Guid, (Guid[] Clusters, DateTimeOffset EndsAt)> _bookings = [];
    private readonly Dictionary<Guid, Dictionary<Guid, Occupancy[]>> _byCluster = [];

    public int Count => _bookings.Count;

    /// <summary>The booking now occupies these segments (a booking an outage moved has them on several clusters) until <paramref name="endsAt"/>.</summary>
    public void Put(Guid bookingId, IReadOnlyList<BookingSegment> segments, DateTimeOffset endsAt)
    {
        Remove(bookingId);
        var byCluster = segments.GroupBy(s => s.ClusterId).ToList();
        _bookings[bookingId] = (byCluster.Select(g => g.Key).ToArray(), endsAt);
        foreach (var onCluster in byCluster)
        {
            if (!_byCluster.TryGetValue(onCluster.Key, out var bookings)) _byCluster[onCluster.Key] = bookings = [];
            bookings[bookingId] = onCluster.Select(s => new Occupancy(s.StartsAt, s.EndsAt, s.NodeCount)).ToArray();
        }
    }

    /// <summary>The booking occupies nothing any more (void, released, ended).</summary>
    public void Remove(Guid bookingId)
    {
        if (!_bookings.Remove(bookingId, out var old)) return;
        foreach (var clusterId in old.Clusters)
            if (_byCluster.TryGetValue(clusterId, out var bookings) && bookings.Remove(bookingId) && bookings.Count == 0)
                _byCluster.Remove(clusterId);
    }

    /// <summary>Drops the bookings that ended by <paramref name="now"/>: they no longer occupy anything a round could use.</summary>
    public void RemoveEnded(DateTimeOffset now)
    {
        foreach (var ended in _bookings.Where(b => b.Value.EndsAt <= now).Select(b => b.Key).ToList()) Remove(ended);
    }

    /// <summary>What the bookings occupy on the cluster.</summary>
    public IEnumerable<Occupancy> On(Guid clusterId) =>
        _byCluster.TryGetValue(clusterId, out var bookings) ? bookings.Values.SelectMany(taken => taken) : [];
}
