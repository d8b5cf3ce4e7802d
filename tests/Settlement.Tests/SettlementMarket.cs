using Marketplace.Testing;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>
/// The whole marketplace, shared by the settlement test classes (they run one at a time). Reconciliation's grace period
/// is off so a fault injected a moment ago is reported at once; tests wait for the system to settle before they reconcile.
/// Each test books inside its own <see cref="Window"/>, so one test's records never show up in another's reconciliation.
/// </summary>
public sealed class SettlementMarket : MarketplaceFixture
{
    private int _windows;

    /// <summary>A fixed origin for windows: the hour after the fixture started.</summary>
    public DateTimeOffset Base { get; } = Samples.NextHour;

    /// <summary>The near period, Base to Base + 4 days: bookings that start within a day or two (late cancellations need them).</summary>
    public (DateTimeOffset From, DateTimeOffset To) NearPeriod => (Base, Base.AddDays(4));

    /// <summary>A window in the near period with a region of its own, so its bids land only on its own clusters.</summary>
    public Window NewNearWindow() => new(Base, Base.AddDays(4), $"near-{Interlocked.Increment(ref _windows)}");

    /// <summary>A fresh two-day window of its own, a week or more ahead, with a region of its own.</summary>
    public Window NewWindow()
    {
        var k = Interlocked.Increment(ref _windows);
        var start = Base.AddDays(7 + 2 * k);
        return new Window(start, start.AddDays(2), $"window-{k}");
    }

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Settlement:ReconciliationGrace"] = "00:00:00";
        settings["Settlement:ReconciliationPollInterval"] = "00:00:00.200";
        return settings;
    }
}

public sealed record Window(DateTimeOffset Start, DateTimeOffset End, string Region);

[CollectionDefinition(Name)]
public sealed class SettlementCollection : ICollectionFixture<SettlementMarket>
{
    public const string Name = "settlement";
}
