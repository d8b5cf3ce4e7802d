using Dapper;
using Marketplace.Contracts;
using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Settlement.Ledger;

/// <summary>Tenants and providers see their own entries, admins all. Newest first, keyset-paged; filters organizationId and bookingId.</summary>
public sealed class ListLedgerEntriesConsumer(Db db) : IConsumer<ListLedgerEntries>
{
    public async Task Consume(ConsumeContext<ListLedgerEntries> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, m.Limit, m.Cursor);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        if (!LedgerAccess.IsKnownRole(m.Caller)) { await context.RespondForbiddenAsync("This role has no ledger."); return; }

        // Anyone but an admin is held to its own organization: asking for another's gives nothing of it.
        var organization = m.Caller.Role == Roles.Admin ? m.OrganizationId : m.Caller.OrganizationId;
        if (m.Caller.Role != Roles.Admin && m.OrganizationId is { } asked && asked != m.Caller.OrganizationId)
        {
            await context.RespondAsync(new LedgerPage([], null));
            return;
        }
        var filters = new SqlFilters()
            .AddIf(organization is not null, "organization_id = @organization")
            .AddIf(m.BookingId is not null, "booking_id = @booking")
            .AddIf(after is not null, "(at, id) < (@afterAt, @afterId)");
        var rows = (await db.ReadAsync(c => c.QueryAsync<EntryRow>(
            $"""
            select id, transaction_id, at, account, organization_id, booking_id, kind, amount from ledger_entries
            {filters.Where}
            order by at desc, id desc limit @take
            """,
            new { organization, booking = m.BookingId, afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = m.Limit + 1 }),
            context.CancellationToken)).AsList();
        var next = PageCursor.Next(rows, m.Limit, r => new PageCursor(r.At, r.Id));
        await context.RespondAsync(new LedgerPage(rows.Select(r => r.ToView()).ToList(), next));
    }

    private sealed class EntryRow
    {
        public Guid Id { get; init; }
        public Guid TransactionId { get; init; }
        public DateTimeOffset At { get; init; }
        public string Account { get; init; } = "";
        public Guid? OrganizationId { get; init; }
        public Guid? BookingId { get; init; }
        public string Kind { get; init; } = "";
        public decimal Amount { get; init; }

        public LedgerEntryView ToView() => new(Id, TransactionId, At, Account, OrganizationId, BookingId, Kind, Amount);
    }
}

/// <summary>An organization's balance: the sum of its entries. Its own, or any for an admin; another's id is "not found".</summary>
public sealed class GetBalanceConsumer(Db db) : IConsumer<GetBalance>
{
    public async Task Consume(ConsumeContext<GetBalance> context)
    {
        var m = context.Message;
        if (!LedgerAccess.MaySee(m.Caller, m.OrganizationId)) { await context.RespondNotFoundAsync("organization"); return; }
        var balance = await db.ReadAsync(c => c.QuerySingleAsync<decimal>(
            "select coalesce(sum(amount), 0) from ledger_entries where organization_id = @OrganizationId", m), context.CancellationToken);
        await context.RespondAsync(new BalanceView(m.OrganizationId, balance));
    }
}

public static class LedgerAccess
{
    public static bool IsKnownRole(Caller caller) => Roles.IsValid(caller.Role);

    public static bool MaySee(Caller caller, Guid organizationId) =>
        caller.Role == Roles.Admin || Roles.IsValid(caller.Role) && caller.OrganizationId == organizationId;
}
