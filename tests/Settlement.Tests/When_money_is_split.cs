using Marketplace.Settlement.Bookings;
using Marketplace.Settlement.Ledger;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>The money rules on their own, without the market: fee split, refunds by the cancellation policy, balanced transactions.</summary>
public sealed class When_money_is_split
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static BookingCopy Booking(decimal price = 2.5m, int gpus = 16, int hours = 10, decimal feeRate = 0.10m,
        DateTimeOffset? refundFrom = null, decimal? fraction = null) => new()
    {
        Id = Guid.NewGuid(), TenantId = Guid.NewGuid(), ProviderId = Guid.NewGuid(), GpuCount = gpus, Price = price,
        StartsAt = Start, EndsAt = Start.AddHours(hours), TotalPrice = price * gpus * hours, FeeRate = feeRate,
        CancelledAt = refundFrom is null ? null : Start.AddHours(-1), RefundFrom = refundFrom, RefundFraction = fraction,
    };

    [Theory]
    [InlineData("55.9992", "0.10", "50.3993", "5.5999")]
    [InlineData("0.0001", "0.10", "0.0001", "0")]
    [InlineData("100", "0.125", "87.5", "12.5")]
    [InlineData("33.3333", "0.3333", "22.2233", "11.11")]
    public void Should_give_the_platform_the_rounding_remainder(string amount, string rate, string provider, string platform)
    {
        var (p, f) = FeeSplit.Split(decimal.Parse(amount), decimal.Parse(rate));
        Assert.Equal((decimal.Parse(provider), decimal.Parse(platform)), (p, f));
        Assert.Equal(decimal.Parse(amount), p + f);
    }

    [Fact]
    public void Should_refund_an_admins_cancellation_of_a_running_booking_for_the_hours_not_yet_started()
    {
        // Cancelled at 13:20 of a 10:00–20:00 booking: the next whole hour is 14:00, six hours remain.
        var booking = Booking(refundFrom: Start.AddHours(4), fraction: 1m);
        Assert.Equal(2.5m * 16 * 6, Billing.RefundAmount(booking, booking.TotalPrice));
    }

    [Fact]
    public void Should_refund_a_late_tenant_cancellation_by_half_and_never_more_than_was_charged()
    {
        var booking = Booking(refundFrom: Start, fraction: 0.5m);
        Assert.Equal(200m, Billing.RefundAmount(booking, booking.TotalPrice));
        Assert.Equal(150m, Billing.RefundAmount(booking, 150m));
        Assert.Equal(0m, Billing.RefundAmount(Booking(), 400m)); // not cancelled
    }

    [Fact]
    public void Should_split_refunds_and_credits_back_in_the_proportions_of_the_charge()
    {
        var booking = Booking(feeRate: 0.2m, refundFrom: Start, fraction: 1m);
        var refund = Billing.Refund(booking, 123.4567m);
        Assert.Equal([123.4567m, -98.7654m, -24.6913m], refund.Lines.Select(l => l.Amount));
        Assert.Equal(0m, refund.Lines.Sum(l => l.Amount));
        Assert.Equal($"refund:{booking.Id}", refund.Cause);

        var charge = Billing.Charge(booking);
        Assert.Equal(["charge", "payout", "fee"], charge.Lines.Select(l => l.Kind));
        Assert.Equal(0m, charge.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public void Should_refuse_to_build_a_transaction_that_does_not_balance()
    {
        var org = Guid.NewGuid();
        Assert.Throws<InvalidOperationException>(() => LedgerTransaction.Create("credit", null, "test",
            [new(Accounts.Tenant(org), org, "credit", 10m), new(Accounts.Platform, null, "credit", -9.99m)]));
        Assert.Throws<InvalidOperationException>(() => LedgerTransaction.Create("credit", null, "test",
            [new(Accounts.Tenant(org), org, "credit", 0.00001m), new(Accounts.Platform, null, "credit", -0.00001m)]));
        Assert.Throws<InvalidOperationException>(() => LedgerTransaction.Create("credit", null, "test", [new(Accounts.Platform, null, "credit", 0m)]));
    }
}
