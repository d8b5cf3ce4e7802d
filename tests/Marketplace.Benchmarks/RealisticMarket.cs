using Marketplace.Allocation.Matching;
using Marketplace.Domain;

namespace Marketplace.Benchmarks;

/// <summary>
/// A market shaped like the real one: most demand for H100-class GPUs, most bids for one to eight nodes, windows of a
/// few days to two weeks over a 26-week horizon, more of them soon than late, and some capacity already booked.
/// The same seed always gives the same market. The tests link this file to check the engine's invariants at full size
/// and that the engine's decisions on these rounds never change.
/// </summary>
public static class RealisticMarket
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 17, 23, TimeSpan.Zero);

    private const int HorizonHours = 26 * 7 * 24;

    private static readonly (string Model, int Weight, decimal BaseAsk)[] Models =
    [
        ("H100-SXM-80GB", 35, 2.20m), ("H200-SXM-141GB", 15, 3.00m), ("B200-SXM-192GB", 10, 4.50m),
        ("A100-SXM-80GB", 15, 1.40m), ("A100-SXM-40GB", 5, 1.00m), ("L40S-48GB", 8, 0.90m),
        ("A10G-24GB", 4, 0.60m), ("MI300X-192GB", 8, 2.00m),
    ];

    private static readonly string[] Regions =
        ["us-east-1", "us-west-2", "us-central-1", "eu-west-1", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1"];

    public static RoundInput Generate(int seed, int bidCount = 10_000, int clusterCount = 1_000)
    {
        var random = new Random(seed);
        var firstHour = Hours.CeilingHour(Now);
        var clusters = Enumerable.Range(0, clusterCount).Select(_ => Cluster(random, firstHour)).ToList();
        var bids = Enumerable.Range(0, bidCount).Select(_ => Bid(random, firstHour)).ToList();
        return new RoundInput(Now, clusters, bids);
    }

    /// <summary>
    /// The stress case on the same bids: all for one model with no region or fabric restriction, limits tripled and
    /// every window opening at the next whole hour, so thousands of losers walk past full clusters.
    /// </summary>
    public static RoundInput SoldOut(RoundInput input)
    {
        const string model = "H100-SXM-80GB";
        var firstStart = Hours.CeilingHour(input.Now);
        return input with
        {
            Clusters = [.. input.Clusters.Select(c => c with { GpuModel = model })],
            Bids = [.. input.Bids.Select(b => b with
            {
                GpuModel = model, Regions = [], InterconnectKind = null, MinGbpsPerNode = null,
                MaxPricePerGpuHour = b.MaxPricePerGpuHour * 3,
                EarliestStart = firstStart, LatestStart = firstStart + (b.LatestStart - b.EarliestStart),
            })],
        };
    }

    private static ClusterCapacity Cluster(Random random, DateTimeOffset firstHour)
    {
        var (model, _, baseAsk) = PickModel(random);
        var (kind, gbps) = random.Next(100) switch
        {
            < 60 => ("infiniband", Pick(random, [400, 800, 3200])),
            < 85 => ("roce", Pick(random, [200, 400])),
            _ => ("ethernet", Pick(random, [25, 100])),
        };
        var from = random.Next(100) < 80 ? firstHour.AddHours(-random.Next(0, 30 * 24)) : firstHour.AddHours(random.Next(0, 8 * 7 * 24));
        var until = random.Next(100) < 80 ? firstHour.AddHours(random.Next(12, 53) * 7 * 24) : firstHour.AddHours(random.Next(2, 13) * 7 * 24);
        const int nodeCount = 8;
        // Bookings never use more than the cluster's nodes in total, so they can never overlap beyond capacity.
        var occupied = new List<Occupancy>();
        var nodesLeft = nodeCount;
        for (var i = random.Next(0, 4); i > 0 && nodesLeft > 0; i--)
        {
            var nodes = random.Next(1, Math.Min(4, nodesLeft) + 1);
            nodesLeft -= nodes;
            var start = firstHour.AddHours(random.Next(-48, 8 * 7 * 24));
            occupied.Add(new Occupancy(start, start.AddHours(random.Next(24, 30 * 24)), nodes));
        }
        return new ClusterCapacity(NewId(random), NewId(random), model, Pick(random, Regions), kind, gbps,
            random.Next(100) < 90 ? 8 : 4, nodeCount, Price(baseAsk, 0.8, 0.4, random), from, until, occupied);
    }

    private static OpenBid Bid(Random random, DateTimeOffset firstHour)
    {
        var (model, _, baseAsk) = PickModel(random);
        var gpuCount = random.Next(100) switch
        {
            < 10 => Pick(random, [1, 2, 4]),
            < 40 => 8,
            < 60 => 16,
            < 80 => 32,
            < 95 => 64,
            _ => Pick(random, [128, 256]),
        };
        var duration = random.Next(100) switch
        {
            < 30 => random.Next(1, 25),
            < 75 => random.Next(24, 169),
            _ => random.Next(168, 337),
        };
        // Most tenants want capacity soon; a few plan months ahead.
        var earliest = firstHour.AddHours((int)(Math.Pow(random.NextDouble(), 2) * (HorizonHours - 14 * 24)));
        var latest = earliest.AddHours(random.Next(3 * 24, 14 * 24 + 1));
        var regions = random.Next(100) switch
        {
            < 50 => [],
            < 85 => [Pick(random, Regions)],
            _ => Regions.OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToArray(),
        };
        var kind = random.Next(100) switch { < 45 => null, < 80 => "infiniband", _ => "roce" };
        int? minGbps = kind is not null && random.Next(100) < 20 ? 400 : null;
        return new OpenBid(NewId(random), NewId(random), model, gpuCount, duration, earliest, latest, regions, kind, minGbps,
            Price(baseAsk, 0.7, 0.7, random), Now.AddSeconds(-random.Next(0, 7 * 24 * 3600)));
    }

    private static (string Model, int Weight, decimal BaseAsk) PickModel(Random random)
    {
        var roll = random.Next(Models.Sum(m => m.Weight));
        foreach (var model in Models)
        {
            if (roll < model.Weight) return model;
            roll -= model.Weight;
        }
        return Models[^1];
    }

    private static decimal Price(decimal basePrice, double low, double spread, Random random) =>
        Math.Round(basePrice * (decimal)(low + spread * random.NextDouble()), 2);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
