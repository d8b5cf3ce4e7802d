using System.Numerics;

namespace Marketplace.Allocation.Matching;

/// <summary>
/// Finds an id that a list holds twice, with an open-addressing table of list positions: a HashSet of Guids for a
/// round's ten thousand bids would be a quarter of a megabyte on the large-object heap every round, this is a fraction.
/// </summary>
internal static class RepeatedIds
{
    /// <summary>The first id, in list order, that an earlier item already had; null when every id is distinct.</summary>
    public static Guid? FirstRepeat<T>(IReadOnlyList<T> items, Func<T, Guid> idOf)
    {
        // At most about two thirds full, so a probe rarely walks more than a slot or two.
        var slots = new int[BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, items.Count + items.Count / 2))];
        var mask = slots.Length - 1;
        for (var i = 0; i < items.Count; i++)
        {
            var id = idOf(items[i]);
            var slot = id.GetHashCode() & mask;
            for (; slots[slot] != 0; slot = (slot + 1) & mask) // a slot holds position + 1; 0 is empty
                if (idOf(items[slots[slot] - 1]) == id) return id;
            slots[slot] = i + 1;
        }
        return null;
    }
}
