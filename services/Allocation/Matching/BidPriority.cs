namespace Marketplace.Allocation.Matching;

/// <summary>Price-time priority: higher limit first, then earlier placement, then bid id so that the order is total.</summary>
internal sealed class BidPriority : IComparer<OpenBid>
{
    public static BidPriority Instance { get; } = new();

    public int Compare(OpenBid? x, OpenBid? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var byLimit = y.MaxPricePerGpuHour.CompareTo(x.MaxPricePerGpuHour);
        if (byLimit != 0) return byLimit;
        var byTime = x.PlacedAt.CompareTo(y.PlacedAt);
        return byTime != 0 ? byTime : x.BidId.CompareTo(y.BidId);
    }
}
