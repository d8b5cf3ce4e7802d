using System.Diagnostics;

namespace Marketplace.Bench;

/// <summary>How the wait for a run's bookings ended: bids booked, and the lag from the end of sending (or the deadline).</summary>
public sealed record BookingWatch(int Booked, TimeSpan Lag, bool Complete);

/// <summary>
/// Polls GET /v1/bookings of each tenant until every accepted bid of the run has a booking listed, or the deadline
/// passes. Every bid of a run can win, so "every accepted bid booked" is "every bid that won has its booking".
/// </summary>
public sealed class BookingWatcher(Api api)
{
    /// <summary>The lag is known to this resolution: the poll that first sees everything booked ends at most this long after.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    /// <summary>Margin for the bidding and allocation services' clocks and for rows committed out of created order.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    public async Task<BookingWatch> WaitAsync(IReadOnlyList<string> tenantKeys, IEnumerable<PostRecord> accepted, Stopwatch clock,
        TimeSpan sendingEnded, TimeSpan deadline)
    {
        var pending = accepted.GroupBy(p => p.Tenant)
            .ToDictionary(g => g.Key, g => g.ToDictionary(p => p.BidId!.Value, p => p.CreatedAt!.Value));
        var booked = 0;
        while (true)
        {
            var found = await Task.WhenAll(pending.Where(p => p.Value.Count > 0).Select(p => SweepAsync(tenantKeys[p.Key], p.Value)));
            booked += found.Sum();
            if (pending.Values.All(p => p.Count == 0)) return new BookingWatch(booked, clock.Elapsed - sendingEnded, true);
            if (clock.Elapsed - sendingEnded > deadline) return new BookingWatch(booked, deadline, false);
            await Task.Delay(Poll);
        }
    }

    /// <summary>Reads one tenant's bookings, newest first, and crosses off the pending bids they name; returns how many.</summary>
    private async Task<int> SweepAsync(string tenantKey, Dictionary<Guid, DateTimeOffset> pending)
    {
        // A booking is created after its bid, so no booking older than the oldest pending bid can be one of them:
        // each poll reads only as far back as it must, and less as bids get booked.
        var oldest = pending.Values.Min() - Slack;
        var found = 0;
        try
        {
            await foreach (var booking in api.ListAsync("/v1/bookings", tenantKey))
            {
                if (pending.Remove(booking["bidId"]!.GetValue<Guid>())) found++;
                if (pending.Count == 0 || booking["createdAt"]!.GetValue<DateTimeOffset>() < oldest) break;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { } // a busy system: the next poll tries again
        return found;
    }
}
