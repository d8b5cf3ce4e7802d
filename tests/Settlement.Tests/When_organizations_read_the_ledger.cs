using System.Net;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>Tenants and providers see only their own entries and balance; others' organizations are "not found". The ledger guards itself.</summary>
[Collection(SettlementCollection.Name)]
public sealed class When_organizations_read_the_ledger(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_show_each_organization_only_its_own_entries_and_balance()
    {
        var window = market.NewWindow();
        var (providerA, _) = await _scenario.ListClusterAsync(window, ask: 2m);
        var tenantA = await market.NewOrganizationAsync("tenant");
        var tenantB = await market.NewOrganizationAsync("tenant");
        var bookingA = await _scenario.BookAsync(tenantA, window);
        var bookingB = await _scenario.BookAsync(tenantB, window);
        var otherWindow = market.NewWindow();
        var (providerB, _) = await _scenario.ListClusterAsync(otherWindow, ask: 2m);
        await _scenario.BookAsync(tenantB, otherWindow);

        var ofTenantA = await Scenario.AllEntriesAsync(tenantA);
        Assert.Equal([(tenantA.OrganizationId, bookingA.Id)], ofTenantA.Select(e => (e.OrganizationId!.Value, e.BookingId!.Value)).Distinct());
        Assert.Empty((await tenantA.GetAsync<Page<LedgerEntryDto>>($"/v1/ledger?organizationId={tenantB.OrganizationId}")).Items);
        Assert.Empty((await tenantA.GetAsync<Page<LedgerEntryDto>>($"/v1/ledger?bookingId={bookingB.Id}")).Items);

        var ofProviderA = await Scenario.AllEntriesAsync(providerA);
        Assert.Equal(2, ofProviderA.Count);
        Assert.All(ofProviderA, e => Assert.Equal((providerA.OrganizationId, "payout"), (e.OrganizationId!.Value, e.Kind)));
        Assert.Single(await Scenario.AllEntriesAsync(providerA, $"&bookingId={bookingB.Id}"));
        Assert.Empty(await Scenario.AllEntriesAsync(providerB, $"&bookingId={bookingB.Id}"));

        // An admin sees all, filtered as asked; paging newest first covers everything once.
        var ofB = await Scenario.AllEntriesAsync(_scenario.Admin, $"&organizationId={tenantB.OrganizationId}");
        Assert.Equal(2, ofB.Count);
        var paged = new List<LedgerEntryDto>();
        string? cursor = null;
        do
        {
            var page = await _scenario.Admin.GetAsync<Page<LedgerEntryDto>>($"/v1/ledger?bookingId={bookingA.Id}&limit=1{(cursor is null ? "" : $"&cursor={cursor}")}");
            paged.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(3, paged.Select(e => e.Id).Distinct().Count());
        Assert.True(paged.Zip(paged.Skip(1)).All(p => p.First.At >= p.Second.At));

        Assert.Equal(-64m, (await tenantA.GetAsync<BalanceDto>($"/v1/organizations/{tenantA.OrganizationId}/balance")).Balance);
        Assert.Equal(-64m, (await _scenario.Admin.GetAsync<BalanceDto>($"/v1/organizations/{tenantA.OrganizationId}/balance")).Balance);
        Assert.Equal(115.2m, (await providerA.GetAsync<BalanceDto>($"/v1/organizations/{providerA.OrganizationId}/balance")).Balance);
        foreach (var (caller, other) in new[] { (tenantA, tenantB), (tenantA, providerA), (providerA, tenantA), (providerB, providerA) })
            await ApiClient.AssertProblemAsync(await caller.Http.GetAsync($"/v1/organizations/{other.OrganizationId}/balance"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await _scenario.Admin.Http.GetAsync($"/v1/organizations/{Guid.NewGuid()}/balance"), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await tenantA.Http.GetAsync("/v1/ledger?limit=0"), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await tenantA.Http.GetAsync("/v1/ledger?cursor=nonsense"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_refuse_unbalanced_transactions_and_changes_to_entries_in_the_database()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window);
        var booking = await _scenario.BookAsync(await market.NewOrganizationAsync("tenant"), window);
        var transaction = Guid.NewGuid();

        var unbalanced = await Assert.ThrowsAsync<PostgresException>(() => _scenario.ExecuteAsync("settlement",
            """
            begin;
            insert into ledger_transactions (id, kind, booking_id, cause) values (@transaction, 'credit', @booking, 'test:unbalanced');
            insert into ledger_entries (id, transaction_id, account, kind, amount) values (gen_random_uuid(), @transaction, 'platform', 'credit', 1);
            commit;
            """, new { transaction, booking = booking.Id }));
        Assert.Contains("does not balance", unbalanced.MessageText);
        var edit = await Assert.ThrowsAsync<PostgresException>(() => _scenario.ExecuteAsync("settlement",
            "update ledger_entries set amount = amount * 2 where booking_id = @Id", booking));
        Assert.Contains("append-only", edit.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => _scenario.ExecuteAsync("settlement", "delete from ledger_transactions where booking_id = @Id", booking));
        Assert.Equal(3, (await _scenario.EntriesAsync(booking.Id)).Count);
    }
}
