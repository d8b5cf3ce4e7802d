using Marketplace.Hosting.Database;
using Marketplace.Settlement.Bookings;
using Marketplace.Settlement.Usage;
using Microsoft.Extensions.Options;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>
/// One run's work: the owners' records over the bus (allocation's bookings, inventory's holds, bidding's awards), settlement's
/// own ledger, booking copies and usage reports from its database, then the comparison.
/// </summary>
public sealed class Reconciler(OwnerRecords owners, IOptions<SettlementOptions> options, TimeProvider clock)
{
    public async Task<ComparisonResult> RunAsync(UnitOfWork uow, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var bookings = await owners.BookingsAsync(from, to, ct);
        var holds = await owners.HoldsAsync(from, to, ct);
        var allAwards = await owners.AwardsAsync(ct);

        var listed = bookings.Select(b => b.Id).ToHashSet();
        // An award is paid before its booking starts, so one made at or after the period's end cannot be for a booking in it.
        var candidates = allAwards.Where(a => listed.Contains(a.BookingId) || a.AwardedAt < to).ToList();
        var unmatchedIds = candidates.Where(a => !listed.Contains(a.BookingId)).Select(a => a.BookingId).ToHashSet();

        var copyIds = listed.Concat(unmatchedIds).ToArray();
        var settled = (await uow.QueryAsync<BookingCopy>("select * from bookings where id = any(@copyIds)", new { copyIds }))
            .ToDictionary(c => c.Id);

        var unmatched = new List<UnmatchedAward>();
        foreach (var award in candidates.Where(a => !listed.Contains(a.BookingId)))
        {
            settled.TryGetValue(award.BookingId, out var known);
            // Settlement's copy says where the booking lies; only a booking settlement never saw needs allocation's word.
            var found = known is null && await owners.BookingAsync(award.BookingId, ct) is not null;
            unmatched.Add(new UnmatchedAward(award, known, found));
        }

        var bookingIds = listed.ToArray();
        var ledger = (await uow.QueryAsync<(Guid BookingId, string Kind, int Transactions, decimal? TenantAmount)>(
            """
            select t.booking_id, t.kind, count(distinct t.id)::int,
                   sum(e.amount) filter (where e.account like 'tenant:%')
            from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
            where t.booking_id = any(@bookingIds)
            group by t.booking_id, t.kind
            """, new { bookingIds }))
            .GroupBy(r => r.BookingId)
            .ToDictionary(g => g.Key, g => new BookingLedger(
                Charged: g.Where(r => r.Kind == "charge").Select(r => -r.TenantAmount).FirstOrDefault(),
                Refunded: g.Where(r => r.Kind == "refund").Select(r => r.TenantAmount).FirstOrDefault(),
                Transactions: g.Sum(r => r.Transactions)));
        var usage = (await uow.QueryAsync<UsageReportRow>(
            $"select {UsageReports.Columns} from usage_reports where booking_id = any(@bookingIds)", new { bookingIds })).ToList();

        var keyIds = listed.Concat(unmatchedIds).Concat(holds.Select(h => h.BookingId)).Distinct().ToArray();
        var resolved = (await uow.QueryAsync<(string Kind, Guid BookingId)>(
            "select kind, booking_id from discrepancy_resolutions where booking_id = any(@keyIds)", new { keyIds })).ToHashSet();

        return Comparison.Compare(new ComparisonInput(from, to, clock.GetUtcNow(), options.Value.ReconciliationGrace,
            bookings, holds, candidates.Where(a => listed.Contains(a.BookingId)).ToList(), unmatched, settled, ledger, usage, resolved,
            await OutageChanges.OfAsync(uow, bookingIds)));
    }
}
