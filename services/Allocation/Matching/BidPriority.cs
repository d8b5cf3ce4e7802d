namespace Marketplace.Allocation.Matching;

/// <summary>Price-time priority: higher limit first, then earlier placement, then bid id so that the order is total.</summary>
internal sealed class BidPriority : IComparer<BidSlot>
{
    public static BidPriority Instance { get; } = new();

    public int Compare(BidSlot? x, BidSlot? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var byLimit = y.Limit.CompareTo(x.Limit);
        if (byLimit != 0) return byLimit;
        // UtcTicks: what DateTimeOffset compares.
        var byTime = x.PlacedAtUtcTicks.CompareTo(y.PlacedAtUtcTicks);
        return byTime != 0 ? byTime : x.Source.BidId.CompareTo(y.Source.BidId);
    }
}
