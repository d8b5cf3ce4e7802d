using Marketplace.Hosting.Database;

namespace Marketplace.Settlement.Ledger;

/// <summary>Appends transactions to the ledger. Nothing here updates or deletes: corrections are new transactions.</summary>
public static class LedgerPosting
{
    /// <summary>Posts the transaction; returns its id, or null when a transaction with the same cause is already in the ledger.</summary>
    public static async Task<Guid?> PostAsync(UnitOfWork uow, SettlementMetrics metrics, LedgerTransaction transaction, DateTimeOffset at)
    {
        // The transaction and its lines in one statement: no lines when the cause is already in the ledger.
        var lines = transaction.Lines;
        var id = await uow.QuerySingleOrDefaultAsync<Guid?>(
            """
            with posted as (
                insert into ledger_transactions (id, kind, booking_id, cause, at) values (@id, @Kind, @BookingId, @Cause, @at)
                on conflict (cause) do nothing returning id),
            lines as (
                insert into ledger_entries (id, transaction_id, at, account, organization_id, booking_id, kind, amount)
                select e.id, posted.id, @at, e.account, e.organization_id, @BookingId, e.kind, e.amount
                from posted, unnest(@ids, @accounts, @organizations, @kinds, @amounts) as e(id, account, organization_id, kind, amount))
            select id from posted
            """,
            new
            {
                id = Guid.CreateVersion7(), transaction.Kind, transaction.BookingId, transaction.Cause, at,
                ids = lines.Select(_ => Guid.CreateVersion7()).ToArray(),
                accounts = lines.Select(l => l.Account).ToArray(),
                organizations = lines.Select(l => l.OrganizationId).ToArray(),
                kinds = lines.Select(l => l.Kind).ToArray(),
                amounts = lines.Select(l => l.Amount).ToArray(),
            });
        if (id is null) return null;
        metrics.Posted(uow, transaction.Kind);
        return id;
    }

    public static Task<Guid?> TransactionIdOfAsync(UnitOfWork uow, string cause) =>
        uow.QuerySingleOrDefaultAsync<Guid?>("select id from ledger_transactions where cause = @cause", new { cause });

    /// <summary>What the tenant was charged for a booking (a positive amount), or null when it never was.</summary>
    public static Task<decimal?> ChargedAsync(UnitOfWork uow, Guid bookingId) =>
        uow.QuerySingleOrDefaultAsync<decimal?>(
            """
            select -sum(e.amount) from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
            where t.booking_id = @bookingId and t.kind = 'charge' and e.account like 'tenant:%'
            having count(*) > 0
            """, new { bookingId });
}
