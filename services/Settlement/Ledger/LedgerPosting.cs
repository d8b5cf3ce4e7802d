using Marketplace.Hosting.Database;

namespace Marketplace.Settlement.Ledger;

/// <summary>Appends transactions to the ledger. Nothing here updates or deletes: corrections are new transactions.</summary>
public static class LedgerPosting
{
    /// <summary>Posts the transaction; returns its id, or null when a transaction with the same cause is already in the ledger.</summary>
    public static async Task<Guid?> PostAsync(UnitOfWork uow, SettlementMetrics metrics, LedgerTransaction transaction, DateTimeOffset at) =>
        (await PostManyAsync(uow, metrics, [transaction], at))[0];

    /// <summary>
    /// Posts the transactions with their lines in one statement; a transaction whose cause is already in the ledger (or
    /// earlier in the list) is left out with its lines.
    /// </summary>
    /// <returns>Per transaction, in order: its id, or null when it was left out.</returns>
    public static async Task<IReadOnlyList<Guid?>> PostManyAsync(UnitOfWork uow, SettlementMetrics metrics,
        IReadOnlyList<LedgerTransaction> transactions, DateTimeOffset at)
    {
        if (transactions.Count == 0) return [];
        var ids = transactions.Select(_ => Guid.CreateVersion7()).ToArray();
        var lines = transactions.SelectMany((t, i) => t.Lines.Select(line => (TransactionId: ids[i], t.BookingId, Line: line))).ToList();
        var posted = (await uow.QueryAsync<Guid>(
            """
            with posted as (
                insert into ledger_transactions (id, kind, booking_id, cause, at)
                select id, kind, booking_id, cause, @at
                from unnest(@ids, @kinds, @bookingIds, @causes) with ordinality as t(id, kind, booking_id, cause, n)
                order by n
                on conflict (cause) do nothing returning id),
            lines as (
                insert into ledger_entries (id, transaction_id, at, account, organization_id, booking_id, kind, amount)
                select e.id, e.transaction_id, @at, e.account, e.organization_id, e.booking_id, e.kind, e.amount
                from unnest(@lineIds, @lineTransactions, @accounts, @organizations, @lineBookings, @lineKinds, @amounts)
                     as e(id, transaction_id, account, organization_id, booking_id, kind, amount)
                where e.transaction_id in (select id from posted))
            select id from posted
            """,
            new
            {
                at, ids,
                kinds = transactions.Select(t => t.Kind).ToArray(),
                bookingIds = transactions.Select(t => t.BookingId).ToArray(),
                causes = transactions.Select(t => t.Cause).ToArray(),
                lineIds = lines.Select(_ => Guid.CreateVersion7()).ToArray(),
                lineTransactions = lines.Select(l => l.TransactionId).ToArray(),
                accounts = lines.Select(l => l.Line.Account).ToArray(),
                organizations = lines.Select(l => l.Line.OrganizationId).ToArray(),
                lineBookings = lines.Select(l => l.BookingId).ToArray(),
                lineKinds = lines.Select(l => l.Line.Kind).ToArray(),
                amounts = lines.Select(l => l.Line.Amount).ToArray(),
            })).ToHashSet();
        var result = new Guid?[transactions.Count];
        for (var i = 0; i < transactions.Count; i++)
        {
            if (!posted.Contains(ids[i])) continue;
            result[i] = ids[i];
            metrics.Posted(uow, transactions[i].Kind);
        }
        return result;
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
