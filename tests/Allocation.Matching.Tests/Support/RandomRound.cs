using Marketplace.Domain;

namespace Marketplace.Allocation.Matching.Tests.Support;

/// <summary>How big a random round may get. Small rounds are cheap enough to check by brute force.</summary>
public sealed record RoundSize(int MaxClusters, int MaxBids, int HorizonHours, int MaxDurationHours, int MaxNodes, bool OneModelFewRestrictions = false);

/// <summary>
/// Random rounds from a seed: few prices and placement times so that ties happen, partial-hour bookings, windows
/// that have passed, regions nobody lists, and bids too big for any cluster.
/// </summary>
public static class RandomRound
{
    public static readonly RoundSize Small = new(MaxClusters: 4, MaxBids: 6, HorizonHours: 24, MaxDurationHours: 8, MaxNodes: 3);
    /// <summary>One model, few clusters, many bids that rarely restrict region or fabric: most bids compete.</summary>
    public static readonly RoundSize Crowded = new(MaxClusters: 3, MaxBids: 10, HorizonHours: 16, MaxDurationHours: 6, MaxNodes: 3, OneModelFewRestrictions: true);
    public static readonly RoundSize Medium = new(MaxClusters: 12, MaxBids: 40, HorizonHours: 96, MaxDurationHours: 24, MaxNodes: 6);

    private static readonly string[] Models = [A.H100, A.H100, A.H100, A.H100, A.H100, A.A100];
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-south-1"];
    private static readonly string[] Kinds = ["ethernet", "roce", "infiniband"];
    private static readonly int[] Gbps = [100, 400, 800];
    private static readonly int[] GpusPerNode = [2, 4, 8, 8];
    private static readonly decimal[] Asks = [1.00m, 1.25m, 1.50m, 2.00m];
    private static readonly decimal[] Limits = [1.25m, 1.50m, 2.00m, 2.00m, 2.50m, 3.00m];

    public static RoundInput Generate(int seed, RoundSize size)
    {
        var random = new Random(seed);
        var now = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(4) == 0 ? 0 : random.Next(1, 60));
        var origin = Hours.CeilingHour(now);
        var clusters = Enumerable.Range(0, random.Next(2, size.MaxClusters + 1)).Select(_ => Cluster(random, origin, size)).ToList();
        var bids = Enumerable.Range(0, random.Next(1, size.MaxBids + 1)).Select(_ => Bid(random, now, origin, size)).ToList();
        return new RoundInput(now, clusters, bids);
    }

    private static ClusterCapacity Cluster(Random random, DateTimeOffset origin, RoundSize size)
    {
        // Most clusters are listed for the whole horizon; some start late or end early.
        var from = origin.AddHours(random.Next(4) == 0 ? random.Next(0, size.HorizonHours / 2) : -10);
        var until = random.Next(4) == 0 ? from.AddHours(random.Next(1, size.HorizonHours)) : origin.AddHours(2 * size.HorizonHours);
        var nodes = random.Next(1, size.MaxNodes + 1);
        var cluster = new ClusterCapacity(NewId(random), NewId(random), size.OneModelFewRestrictions ? A.H100 : Pick(random, Models), Pick(random, Regions), Pick(random, Kinds),
            Pick(random, Gbps), Pick(random, GpusPerNode), nodes, Pick(random, Asks), from, until, []);
        var occupied = new List<Occupancy>();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            // Bookings may start or end within an hour (a release mid-hour); they never exceed the cluster.
            var start = origin.AddHours(random.Next(-5, size.HorizonHours)).AddMinutes(random.Next(3) == 0 ? random.Next(60) : 0);
            var booking = new Occupancy(start, start.AddHours(random.Next(1, size.HorizonHours / 2)).AddMinutes(random.Next(4) == 0 ? 30 : 0),
                random.Next(1, nodes + 1));
            if (Reference.FitsBookings(cluster with { Occupied = occupied }, booking)) occupied.Add(booking);
        }
        return cluster with { Occupied = occupied };
    }

    private static OpenBid Bid(Random random, DateTimeOffset now, DateTimeOffset origin, RoundSize size)
    {
        var crowded = size.OneModelFewRestrictions;
        var earliest = origin.AddHours(random.Next(crowded ? 0 : -3, size.HorizonHours / 2));
        var latest = earliest.AddHours(random.Next(0, size.HorizonHours / 4 + 1));
        var restricts = random.Next(crowded ? 8 : 3) == 0;
        string[] regions = !restricts ? [] : [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(8) == 0 ? "sa-east-1" : Pick(random, Regions)).Distinct()];
        // Mostly gangs a cluster can hold, sometimes not a whole number of nodes, now and then too big for any cluster.
        var gpus = random.Next(10) == 0
            ? random.Next(1, size.MaxNodes * 8 + 5)
            : Math.Max(1, random.Next(1, (crowded ? 2 : size.MaxNodes) + 1) * Pick(random, GpusPerNode) - random.Next(0, 3));
        return new OpenBid(NewId(random), NewId(random), crowded ? A.H100 : Pick(random, Models), gpus,
            random.Next(1, size.MaxDurationHours + 1), earliest, latest, regions,
            !restricts ? null : Pick(random, Kinds), random.Next(6) == 0 ? Pick(random, Gbps) : null,
            Pick(random, Limits), now.AddHours(-random.Next(0, 3)));
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
