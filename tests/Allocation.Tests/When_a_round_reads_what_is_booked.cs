using Marketplace.Allocation.Matching;
using Marketplace.Allocation.Rounds;
using Marketplace.Domain;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Rounds/BookedNodes: a round reads what is booked on the clusters it asks for, and only that; a booking that changes
/// (moved by an outage, released, ended) leaves the clusters it no longer occupies.
/// </summary>
public sealed class When_a_round_reads_what_is_booked
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid First = Guid.NewGuid(), Second = Guid.NewGuid(), Third = Guid.NewGuid();

    [Fact]
    public void Should_find_a_booking_on_its_own_cluster_only()
    {
        var booked = new BookedNodes();
        var booking = Guid.NewGuid();
        booked.Put(booking, [new BookingSegment(First, 2, Start, Start.AddHours(4))], Start.AddHours(4));

        Assert.Equal([new Occupancy(Start, Start.AddHours(4), 2)], booked.On(First));
        Assert.Empty(booked.On(Second));
    }

    [Fact]
    public void Should_move_a_booking_with_its_segments_and_leave_the_cluster_it_left()
    {
        var booked = new BookedNodes();
        var booking = Guid.NewGuid();
        var end = Start.AddHours(4);
        booked.Put(booking, [new BookingSegment(First, 2, Start, end)], end);
        booked.Put(Guid.NewGuid(), [new BookingSegment(First, 1, Start, end)], end);

        // An outage moved the booking's last two hours to the second cluster; then the whole booking went to the third.
        booked.Put(booking, [new BookingSegment(First, 2, Start, Start.AddHours(2)), new BookingSegment(Second, 2, Start.AddHours(2), end)], end);
        Assert.Equal([new Occupancy(Start, Start.AddHours(2), 2), new Occupancy(Start, end, 1)], booked.On(First).OrderByDescending(o => o.NodeCount));
        Assert.Equal([new Occupancy(Start.AddHours(2), end, 2)], booked.On(Second));

        booked.Put(booking, [new BookingSegment(Third, 2, Start, end)], end);
        Assert.Equal([new Occupancy(Start, end, 1)], booked.On(First));
        Assert.Empty(booked.On(Second));
        Assert.Equal([new Occupancy(Start, end, 2)], booked.On(Third));
        Assert.Equal(2, booked.Count);
    }

    [Fact]
    public void Should_keep_every_segment_a_booking_has_on_one_cluster_and_drop_them_together()
    {
        var booked = new BookedNodes();
        var booking = Guid.NewGuid();
        var end = Start.AddHours(6);
        // Moved away for two hours and back: two segments on the first cluster, one on the second.
        booked.Put(booking, [new BookingSegment(First, 2, Start, Start.AddHours(2)), new BookingSegment(Second, 2, Start.AddHours(2), Start.AddHours(4)),
            new BookingSegment(First, 2, Start.AddHours(4), end)], end);
        Assert.Equal([new Occupancy(Start, Start.AddHours(2), 2), new Occupancy(Start.AddHours(4), end, 2)], booked.On(First).OrderBy(o => o.StartsAt));
        Assert.Equal([new Occupancy(Start.AddHours(2), Start.AddHours(4), 2)], booked.On(Second));

        booked.Remove(booking);
        Assert.Empty(booked.On(First));
        Assert.Empty(booked.On(Second));
        Assert.Equal(0, booked.Count);

        booked.Put(booking, [new BookingSegment(First, 1, Start, Start.AddHours(1)), new BookingSegment(First, 1, Start.AddHours(3), end)], end);
        booked.RemoveEnded(end);
        Assert.Empty(booked.On(First));
        Assert.Equal(0, booked.Count);
    }

    [Fact]
    public void Should_forget_a_booking_removed_or_ended()
    {
        var booked = new BookedNodes();
        var released = Guid.NewGuid();
        booked.Put(released, [new BookingSegment(First, 1, Start, Start.AddHours(8))], Start.AddHours(8));
        booked.Put(Guid.NewGuid(), [new BookingSegment(First, 1, Start, Start.AddHours(1))], Start.AddHours(1));
        booked.Put(Guid.NewGuid(), [new BookingSegment(Second, 4, Start, Start.AddHours(3))], Start.AddHours(3));

        booked.Remove(released);
        booked.Remove(Guid.NewGuid()); // one never put: nothing to do
        Assert.Equal([new Occupancy(Start, Start.AddHours(1), 1)], booked.On(First));

        booked.RemoveEnded(Start.AddHours(1));
        Assert.Empty(booked.On(First));
        Assert.Equal([new Occupancy(Start, Start.AddHours(3), 4)], booked.On(Second));
        Assert.Equal(1, booked.Count);
    }
}
