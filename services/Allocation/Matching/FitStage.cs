namespace Marketplace.Allocation.Matching;

/// <summary>
/// The rules a cluster must pass for a bid, in the order they are checked. A losing bid is told about the furthest
/// stage any cluster reached, which is the most useful thing to change.
/// </summary>
internal enum FitStage
{
    Model,
    Region,
    Fabric,
    Price,
    Size,
    Availability,
    Capacity,
    Fits,
}
