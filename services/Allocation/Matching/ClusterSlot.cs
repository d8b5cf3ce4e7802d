using Marketplace.Domain;

namespace Marketplace.Allocation.Matching;

/// <summary>A cluster as the round works with it: hours on the round's grid and its calendar of nodes in use.</summary>
internal sealed class ClusterSlot
{
    private NodeCalendar? _booked;

    public ClusterSlot(ClusterCapacity source, HourGrid grid, int regionId, int horizonEnd)
    {
        Source = source;
        NodeCount = source.NodeCount;
        GpusPerNode = source.GpusPerNode;
        Ask = source.AskPricePerGpuHour;
        GbpsPerNode = source.GbpsPerNode;
        RegionId = regionId;
        FabricRank = Interconnects.Rank(source.InterconnectKind);
        TotalGpus = (long)source.NodeCount * source.GpusPerNode;
        FirstHour = Math.Max(0, grid.Ceiling(source.AvailableFrom));
        EndHour = grid.Floor(source.AvailableUntil);
        // No bid of this market can use an hour past horizonEnd, so bookings beyond it are left out of the calendar.
        Calendar = new NodeCalendar(FirstHour, Math.Min(EndHour, horizonEnd), NodeCount);
        foreach (var booking in source.Occupied) AddBooking(Calendar, booking, grid);
    }

    public ClusterCapacity Source { get; }
    public int RegionId { get; }
    public int FabricRank { get; }
    public long TotalGpus { get; }
    // Copied out of Source: every bid of the market reads them, one hop less matters at thousands of bids.
    public int NodeCount { get; }
    public int GpusPerNode { get; }
    public int GbpsPerNode { get; }
    public decimal Ask { get; }

    /// <summary>
    /// Its ask's position among the distinct asks of its market, cheapest first: equal asks, equal levels. Set once the
    /// market is sorted; comparing it is an int compare where comparing asks would be a decimal one.
    /// </summary>
    public int AskLevel { get; set; }

    /// <summary>The id of its group of <see cref="RestrictionClasses"/>; set once the market is sorted.</summary>
    public int ClassId { get; private set; }

    public ulong ClassBit { get; private set; }

    public void SetClass(int id)
    {
        ClassId = id;
        ClassBit = 1UL << id;
    }

    /// <summary>Position in the market's preference order (cheapest first); set once the market is sorted.</summary>
    public int Index { get; set; }

    /// <summary>First hour a placement may start.</summary>
    public int FirstHour { get; }

    /// <summary>Hour by which a placement must have ended.</summary>
    public int EndHour { get; }

    /// <summary>Existing bookings plus this round's placements.</summary>
    public NodeCalendar Calendar { get; }

    public bool IsUsable => GpusPerNode > 0 && NodeCount > 0;

    /// <summary>Existing bookings only, built on demand: it only serves to explain why a bid lost.</summary>
    public NodeCalendar? BookedOnly(HourGrid grid, int horizonEnd)
    {
        if (Source.Occupied.Count == 0) return null;
        if (_booked is null)
        {
            _booked = new NodeCalendar(FirstHour, Math.Min(EndHour, horizonEnd), NodeCount);
            foreach (var booking in Source.Occupied) AddBooking(_booked, booking, grid);
        }
        return _booked;
    }

    // A booking that covers part of an hour blocks the whole hour: the market only trades whole hours.
    private static void AddBooking(NodeCalendar calendar, Occupancy booking, HourGrid grid)
    {
        if (booking.NodeCount > 0) calendar.Add(grid.Floor(booking.StartsAt), grid.Ceiling(booking.EndsAt), booking.NodeCount);
    }
}
