namespace Marketplace.Allocation.Matching.Tests.Support;

/// <summary>
/// Builders for example rounds. Hour 0 is the first whole hour a booking may start (Now is 09:20, hour 0 is 10:00);
/// defaults are one H100 cluster of 4 nodes of 8 GPUs at 2.00 and bids of 8 GPUs for 4 hours at up to 3.00.
/// Tests change what they are about with <c>with</c>.
/// </summary>
public static class A
{
    public const string H100 = "H100-SXM-80GB";
    public const string A100 = "A100-SXM-80GB";

    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 20, 0, TimeSpan.Zero);

    public static DateTimeOffset Hour(int hour) => new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero).AddHours(hour);

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static ClusterCapacity Cluster(int id, decimal ask = 2.00m, int nodes = 4, string region = "us-east-1") =>
        new(Id(id), Id(9000), H100, region, "infiniband", 400, 8, nodes, ask, Hour(-100), Hour(1000), []);

    public static OpenBid Bid(int id, decimal limit = 3.00m, int gpus = 8, int hours = 4, int placedMinutesAgo = 60) =>
        new(Id(id), Id(8000), H100, gpus, hours, Hour(0), Hour(24), [], null, null, limit, Now.AddMinutes(-placedMinutesAgo));

    public static RoundResult Round(IReadOnlyList<ClusterCapacity> clusters, params OpenBid[] bids) =>
        MatchingEngine.Clear(new RoundInput(Now, clusters, bids));

    public static Decision DecisionFor(this RoundResult result, int bidId) => result.Decisions.Single(d => d.BidId == Id(bidId));

    public static Placement PlacementOf(this RoundResult result, int bidId) =>
        result.DecisionFor(bidId).Placement ?? throw new InvalidOperationException($"bid {bidId} did not win: {result.DecisionFor(bidId).Reason}");
}
