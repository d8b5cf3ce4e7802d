using Marketplace.Allocation.Rounds;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.Bookings;

/// <summary>
/// Cancels a booking: the owning tenant before it starts, an admin any time. The nodes are freed for the hours not
/// yet begun, and BookingCancelled tells settlement what to refund (API.md: tenant 24 h or more ahead 100%,
/// later 50%; admin 100% of the hours not yet started). Cancelling twice answers the same.
/// </summary>
public sealed class CancelBookingConsumer(Db db, TimeProvider clock, RoundTrigger rounds) : IConsumer<CancelBooking>
{
    public async Task Consume(ConsumeContext<CancelBooking> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var booking = await Bookings.LoadAsync(uow, m.BookingId, forUpdate: true);
        var allowed = booking is not null && BookingStates.Visible.Contains(booking.State)
            && (m.Caller.Role == Roles.Admin || m.Caller.Role == Roles.Tenant && booking.TenantId == m.Caller.OrganizationId);
        if (!allowed) { await context.RespondNotFoundAsync("booking"); return; }

        switch (booking!.State)
        {
            case BookingStates.Cancelled:
                await context.RespondAsync(booking.ToView(now));
                return;
            case BookingStates.Confirming:
                await context.RespondProblemAsync(409, "Conflict", "The booking is still being confirmed; retry in a moment.");
                return;
        }
        if (await Outages.OutageLosses.AnyMovingAsync(uow, booking.Id))
        {
            await context.RespondProblemAsync(409, "Conflict", "The booking is being moved off a failed node; retry in a moment.");
            return;
        }
        if (now >= booking.EndsAt) { await context.RespondProblemAsync(409, "Conflict", "The booking has completed."); return; }
        if (m.Caller.Role == Roles.Tenant && now >= booking.StartsAt)
        {
            await context.RespondProblemAsync(409, "Conflict", "A tenant can cancel only before the booking starts; ask an admin.");
            return;
        }

        var releaseFrom = now < booking.StartsAt ? booking.StartsAt : Hours.CeilingHour(now);
        var refundFraction = m.Caller.Role == Roles.Admin || booking.StartsAt - now >= TimeSpan.FromHours(24) ? 1m : 0.5m;
        var cancelled = await Bookings.TransitionAsync(uow,
                new BookingTransition(booking, BookingStates.Cancelled, $"cancelled by {m.Caller.Role}", Cancellation: new(releaseFrom, now, m.Caller.Role)))
            ?? throw new InvalidOperationException($"Booking {booking.Id} changed while locked");
        await uow.SendAsync(new ReleaseNodes(booking.Id, releaseFrom, $"cancelled by {m.Caller.Role}"));
        await uow.PublishAsync(new BookingCancelled(cancelled.ToView(now), m.Caller.Role, now, releaseFrom, refundFraction));
        await uow.CommitAsync(context.CancellationToken);
        rounds.Request();
        await context.RespondAsync(cancelled.ToView(now));
    }
}
