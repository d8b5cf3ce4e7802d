using System.Buffers;

namespace Marketplace.Allocation.Matching;

/// <summary>Price-time priority: higher limit first, then earlier placement, then bid id so that the order is total.</summary>
/// <remarks>
/// Sorting ten thousand bids compares them over a hundred thousand times. The sort runs on a pooled array of small
/// keys (limit as a whole number of ten-thousandths, placement time, position) with a comparer the JIT specialises,
/// so a comparison is two long compares in cache instead of two decimal compares on records spread over the heap.
/// The records are only read when those keys tie or a limit has more than 4 decimals.
/// </remarks>
internal static class BidPriority
{
    private const long NotWhole = long.MinValue;

    /// <summary>The positions of <paramref name="bids"/>, best first.</summary>
    public static int[] Order(IReadOnlyList<OpenBid> bids)
    {
        var keys = ArrayPool<Key>.Shared.Rent(bids.Count);
        try
        {
            for (var i = 0; i < bids.Count; i++)
                keys[i] = new Key(InTenThousandths(bids[i].MaxPricePerGpuHour), bids[i].PlacedAt.UtcTicks, i);
            keys.AsSpan(0, bids.Count).Sort(new KeyOrder(bids));
            var order = new int[bids.Count];
            for (var i = 0; i < order.Length; i++) order[i] = keys[i].Position;
            return order;
        }
        finally
        {
            ArrayPool<Key>.Shared.Return(keys);
        }
    }

    // Money has at most 4 decimals, so a limit is nearly always a whole number of ten-thousandths, which orders the same.
    private static long InTenThousandths(decimal amount) =>
        amount.Scale <= 4 && amount > -100_000_000_000_000m && amount < 100_000_000_000_000m
            ? decimal.ToOACurrency(amount)
            : NotWhole;

    private readonly record struct Key(long Limit, long PlacedAtUtcTicks, int Position);

    private readonly struct KeyOrder(IReadOnlyList<OpenBid> bids) : IComparer<Key>
    {
        public int Compare(Key x, Key y)
        {
            var byLimit = x.Limit != NotWhole && y.Limit != NotWhole
                ? y.Limit.CompareTo(x.Limit)
                : bids[y.Position].MaxPricePerGpuHour.CompareTo(bids[x.Position].MaxPricePerGpuHour);
            if (byLimit != 0) return byLimit;
            // UtcTicks: what DateTimeOffset compares.
            var byTime = x.PlacedAtUtcTicks.CompareTo(y.PlacedAtUtcTicks);
            return byTime != 0 ? byTime : bids[x.Position].BidId.CompareTo(bids[y.Position].BidId);
        }
    }
}
