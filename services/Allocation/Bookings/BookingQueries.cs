using Dapper;
using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.Bookings;

public sealed class GetBookingConsumer(Db db, TimeProvider clock) : IConsumer<GetBooking>
{
    public async Task Consume(ConsumeContext<GetBooking> context)
    {
        var booking = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<BookingRow>(
            $"select * from bookings where id = @BookingId and state in {Bookings.VisibleByIdStates}", context.Message), context.CancellationToken);
        if (booking is null || !Bookings.CanSee(context.Message.Caller, booking)) await context.RespondNotFoundAsync("booking");
        else await context.RespondAsync(booking.ToView(clock.GetUtcNow()));
    }
}

/// <summary>Tenant: its own; provider: those on its clusters; admin: all. Status filter follows the clock.</summary>
public sealed class ListBookingsConsumer(Db db, TimeProvider clock) : IConsumer<ListBookings>
{
    public async Task Consume(ConsumeContext<ListBookings> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, m.Limit, m.Cursor);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        var now = clock.GetUtcNow();
        // Only the caller's own filter and those asked for (SqlFilters says why): with "(@tenant is null or tenant_id =
        // @tenant)" the tenant's (or provider's) statement got a generic plan that read every booking newest first.
        var filters = new SqlFilters();
        if (m.Caller.Role != Roles.Admin)
            filters.Add(m.Caller.Role switch
            {
                Roles.Tenant => "tenant_id = @tenant",
                Roles.Provider => "(provider_id = @provider or other_providers @> array[@provider::uuid])",
                _ => "false", // no other role sees any booking
            });
        filters
            .AddIf(m.Status is not null, """
                @status = case when state = 'cancelled' then 'cancelled' when @now < starts_at then 'scheduled'
                               when @now < ends_at then 'active' else 'completed' end
                """)
            .AddIf(after is not null, "(created_at, id) < (@afterAt, @afterId)");
        var rows = (await db.ReadAsync(c => c.QueryAsync<BookingRow>(
            $"""
            select * from bookings
            where state in {Bookings.VisibleStates} {filters.And}
            order by created_at desc, id desc limit @take
            """,
            new
            {
                tenant = m.Caller.Role == Roles.Tenant ? m.Caller.OrganizationId : (Guid?)null,
                provider = m.Caller.Role == Roles.Provider ? m.Caller.OrganizationId : (Guid?)null,
                status = m.Status, now, afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = m.Limit + 1,
            }), context.CancellationToken)).AsList();
        var next = PageCursor.Next(rows, m.Limit, r => new PageCursor(r.CreatedAt, r.Id));
        await context.RespondAsync(new BookingPage(rows.Select(r => r.ToView(now)).ToList(), next));
    }
}

public sealed class ListBookingRecordsConsumer(Db db, TimeProvider clock) : IConsumer<ListBookingRecords>
{
    public async Task Consume(ConsumeContext<ListBookingRecords> context)
    {
        var m = context.Message;
        var after = Guid.TryParse(m.Cursor, out var id) ? id : Guid.Empty;
        var limit = Math.Clamp(m.Limit, 1, 1000);
        var rows = (await db.ReadAsync(c => c.QueryAsync<BookingRow>(
            $"""
            select * from bookings where state in {Bookings.VisibleStates} and starts_at < @To and ends_at > @From and id > @after
            order by id limit @limit
            """, new { m.From, m.To, after, limit }), context.CancellationToken)).AsList();
        var now = clock.GetUtcNow();
        await context.RespondAsync(new BookingPage(rows.Select(r => r.ToView(now)).ToList(), rows.Count == limit ? rows[^1].Id.ToString() : null));
    }
}
