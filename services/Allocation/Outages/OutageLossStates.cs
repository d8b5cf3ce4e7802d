namespace Marketplace.Allocation.Outages;

/// <summary>
/// The outage workflow of one booking: <see cref="OutageLosses.TransitionAsync"/> is the only code that changes a loss's
/// state, and migration 0007's trigger refuses any move this table does not allow.
/// </summary>
public static class OutageLossStates
{
    /// <summary>Announced by inventory; waits while the booking's own workflow is in flight.</summary>
    public const string Pending = "pending";
    /// <summary>Inventory was asked to move the booking to another cluster.</summary>
    public const string Moving = "moving";
    /// <summary>Moved or credited; the booking's changes and the events are written.</summary>
    public const string Done = "done";
    /// <summary>The booking never stood (void): nothing to move or credit.</summary>
    public const string Dropped = "dropped";

    public static readonly IReadOnlyDictionary<string, string[]> AllowedFrom = new Dictionary<string, string[]>
    {
        [Moving] = [Pending],
        [Done] = [Pending, Moving],
        [Dropped] = [Pending],
    };

    public static bool CanMove(string from, string to) => AllowedFrom.TryGetValue(to, out var froms) && froms.Contains(from);

    public static readonly string[] Open = [Pending, Moving];
}
