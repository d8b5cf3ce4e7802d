using Marketplace.Testing;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>Many bookings, tenant and admin cancellations, early and late: the books balance and reconcile with nothing to report.</summary>
[Collection(SettlementCollection.Name)]
public sealed class When_a_busy_market_is_reconciled(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_find_no_discrepancies_and_every_transaction_and_the_whole_ledger_sum_to_zero()
    {
        var window = market.NewNearWindow();
        var (provider, _) = await _scenario.ListClusterAsync(window, nodeCount: 16, gpusPerNode: 8, ask: 1.7777m);
        var (provider2, _) = await _scenario.ListClusterAsync(window, nodeCount: 8, gpusPerNode: 4, ask: 2.0001m);
        var tenants = new[] { await market.NewOrganizationAsync("tenant"), await market.NewOrganizationAsync("tenant"), await market.NewOrganizationAsync("tenant") };

        // Bookings within a day (late cancellations refund half) and over a day ahead (a tenant's cancellation refunds all).
        var soon = Samples.NextHour;
        var later = soon.AddHours(30);
        var booked = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            _scenario.BookAsync(tenants[i % 3], window, gpuCount: 8 + 4 * (i % 3), hours: 2 + i % 4, earliest: i % 2 == 0 ? soon : later)));
        Assert.Equal(12, booked.Select(b => b.Id).Distinct().Count());

        var tenantOf = tenants.ToDictionary(t => t.OrganizationId);
        var cancelledByTenant = booked.Take(4).ToList();  // two soon (half back), two later (all back)
        var cancelledByAdmin = booked.Skip(4).Take(2).ToList();
        foreach (var b in cancelledByTenant) await tenantOf[b.TenantId].PostAsync<BookingDto>($"/v1/bookings/{b.Id}/cancel");
        foreach (var b in cancelledByAdmin) await _scenario.Admin.PostAsync<BookingDto>($"/v1/bookings/{b.Id}/cancel");
        var cancelled = cancelledByTenant.Concat(cancelledByAdmin).ToList();

        // Settled: every cancellation refunded, and inventory has given the nodes back.
        foreach (var b in cancelled)
            await Eventually.Until(() => _scenario.EntriesAsync(b.Id), e => e.Any(x => x.Kind == "refund"), what: $"refund of {b.Id}");
        await Eventually.True(async () =>
        {
            var held = (await _scenario.QueryAsync<Guid>("inventory", "select distinct booking_id from node_holds")).ToHashSet();
            return !cancelled.Any(b => held.Contains(b.Id));
        }, what: "every cancelled booking's hold released");

        var (from, to) = market.NearPeriod;
        var run = await _scenario.ReconcileAsync(from, to);
        Assert.Empty(run.Discrepancies);
        Assert.True(run.Counts.Bookings >= booked.Length, $"{run.Counts}");
        Assert.Equal(run.Counts.Bookings, run.Counts.Awards);
        Assert.True(run.Counts.LedgerTransactions >= booked.Length + cancelled.Count, $"{run.Counts}");

        // Each booking's money, by the policy: tenant cancellations a day ahead refund all, later half; admin's all.
        var entries = await Scenario.AllEntriesAsync(_scenario.Admin);
        foreach (var b in booked)
        {
            var mine = entries.Where(e => e.BookingId == b.Id).ToList();
            Assert.Equal(-b.TotalPrice, mine.Single(e => e.Kind == "charge").Amount);
            var fraction = cancelledByAdmin.Contains(b) ? 1m
                : cancelledByTenant.Contains(b) ? (b.StartsAt - DateTimeOffset.UtcNow >= TimeSpan.FromHours(24) ? 1m : 0.5m)
                : 0m;
            var refund = mine.Where(e => e.Kind == "refund" && e.Account.StartsWith("tenant:")).Sum(e => e.Amount);
            Assert.Equal(Math.Round(b.TotalPrice * fraction, 4), refund);
        }
        Assert.Contains(cancelledByTenant, b => b.StartsAt == soon);
        Assert.Contains(cancelledByTenant, b => b.StartsAt >= later);

        // Double entry: every transaction, and so the whole ledger, sums to zero; balances are the sums of entries.
        Assert.All(entries.GroupBy(e => e.TransactionId), t => Assert.Equal(0m, t.Sum(e => e.Amount)));
        Assert.Equal(0m, entries.Sum(e => e.Amount));
        Assert.Equal(0m, await _scenario.ScalarAsync<decimal>("settlement", "select coalesce(sum(amount), 0) from ledger_entries"));
        Assert.Equal(0, await _scenario.ScalarAsync<int>("settlement",
            "select count(*)::int from (select transaction_id from ledger_entries group by transaction_id having sum(amount) <> 0) t"));
        foreach (var org in tenants.Concat([provider, provider2]))
        {
            var balance = (await org.GetAsync<BalanceDto>($"/v1/organizations/{org.OrganizationId}/balance")).Balance;
            Assert.Equal(entries.Where(e => e.OrganizationId == org.OrganizationId).Sum(e => e.Amount), balance);
            Assert.Equal(balance, (await _scenario.Admin.GetAsync<BalanceDto>($"/v1/organizations/{org.OrganizationId}/balance")).Balance);
        }
        var tenantTotal = tenants.Sum(t => entries.Where(e => e.OrganizationId == t.OrganizationId).Sum(e => e.Amount));
        Assert.True(tenantTotal < 0);
    }
}
