using Marketplace.Testing;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>The ledger rules of API.md: one balanced charge per confirmed booking, refunds by the cancellation policy.</summary>
[Collection(SettlementCollection.Name)]
public sealed class When_bookings_are_charged_and_cancelled(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_charge_the_tenant_and_pay_provider_and_platform_in_one_balanced_transaction()
    {
        var window = market.NewWindow();
        var (provider, _) = await _scenario.ListClusterAsync(window, ask: 2.3333m);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window, gpuCount: 8, hours: 3);
        Assert.Equal(2.3333m * 8 * 3, booking.TotalPrice); // 55.9992

        var entries = await _scenario.EntriesAsync(booking.Id);
        Assert.Equal(3, entries.Count);
        Assert.Single(entries.Select(e => e.TransactionId).Distinct());
        var charge = Assert.Single(entries, e => e.Kind == "charge");
        var payout = Assert.Single(entries, e => e.Kind == "payout");
        var fee = Assert.Single(entries, e => e.Kind == "fee");
        Assert.Equal(($"tenant:{tenant.OrganizationId}", tenant.OrganizationId, -55.9992m), (charge.Account, charge.OrganizationId, charge.Amount));
        // 90% of 55.9992 is 50.39928: the provider's share is rounded to 4 decimals, the platform takes the remainder.
        Assert.Equal(($"provider:{provider.OrganizationId}", provider.OrganizationId, 50.3993m), (payout.Account, payout.OrganizationId, payout.Amount));
        Assert.Equal(("platform", (Guid?)null, 5.5999m), (fee.Account, fee.OrganizationId, fee.Amount));
        Assert.Equal(0m, entries.Sum(e => e.Amount));
        Assert.All(entries, e => Assert.Equal(booking.Id, e.BookingId));

        Assert.Equal(-55.9992m, (await tenant.GetAsync<BalanceDto>($"/v1/organizations/{tenant.OrganizationId}/balance")).Balance);
        Assert.Equal(50.3993m, (await provider.GetAsync<BalanceDto>($"/v1/organizations/{provider.OrganizationId}/balance")).Balance);
    }

    [Fact]
    public async Task Should_refund_everything_when_the_tenant_cancels_a_day_or_more_ahead()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window, ask: 2m);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window, gpuCount: 16, hours: 5); // 2 × 16 × 5 = 160

        await tenant.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel");
        var refund = await RefundOfAsync(booking.Id);
        Assert.Equal((160m, -144m, -16m), refund);
        Assert.Equal(0m, (await tenant.GetAsync<BalanceDto>($"/v1/organizations/{tenant.OrganizationId}/balance")).Balance);
    }

    [Fact]
    public async Task Should_refund_half_when_the_tenant_cancels_less_than_a_day_ahead()
    {
        var near = market.NewNearWindow();
        await _scenario.ListClusterAsync(near, ask: 3m);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, near, gpuCount: 8, hours: 3, earliest: Samples.NextHour); // 3 × 8 × 3 = 72
        Assert.True(booking.StartsAt - DateTimeOffset.UtcNow < TimeSpan.FromHours(24));

        await tenant.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel");
        Assert.Equal((36m, -32.4m, -3.6m), await RefundOfAsync(booking.Id));
        Assert.Equal(-36m, (await tenant.GetAsync<BalanceDto>($"/v1/organizations/{tenant.OrganizationId}/balance")).Balance);
    }

    [Fact]
    public async Task Should_refund_the_hours_not_yet_started_when_an_admin_cancels()
    {
        var near = market.NewNearWindow();
        await _scenario.ListClusterAsync(near, ask: 1.5m);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, near, gpuCount: 8, hours: 2, earliest: Samples.NextHour); // 1.5 × 8 × 2 = 24

        await _scenario.Admin.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel");
        Assert.Equal((24m, -21.6m, -2.4m), await RefundOfAsync(booking.Id));
    }

    /// <summary>Waits for the booking's refund; returns (tenant, provider, platform) amounts of it.</summary>
    private async Task<(decimal Tenant, decimal Provider, decimal Platform)> RefundOfAsync(Guid bookingId)
    {
        var entries = await Eventually.Until(() => _scenario.EntriesAsync(bookingId), e => e.Any(x => x.Kind == "refund"), what: "refund posted");
        var refund = entries.Where(e => e.Kind == "refund").ToList();
        Assert.Equal(3, refund.Count);
        Assert.Single(refund.Select(e => e.TransactionId).Distinct());
        Assert.Equal(0m, refund.Sum(e => e.Amount));
        return (refund.Single(e => e.Account.StartsWith("tenant:")).Amount, refund.Single(e => e.Account.StartsWith("provider:")).Amount,
            refund.Single(e => e.Account == "platform").Amount);
    }
}
