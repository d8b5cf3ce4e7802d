namespace Marketplace.Domain;

/// <summary>Fabric kinds, weakest first: a bid asking for a kind accepts that kind or a stronger one.</summary>
public static class Interconnects
{
    private static readonly string[] KindsWeakestFirst = ["ethernet", "roce", "infiniband"];

    public static bool IsKnown(string? kind) => kind is not null && Array.IndexOf(KindsWeakestFirst, kind) >= 0;

    /// <summary>Higher is stronger; -1 for an unknown kind.</summary>
    public static int Rank(string kind) => Array.IndexOf(KindsWeakestFirst, kind);
}
