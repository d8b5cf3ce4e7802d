using Marketplace.Allocation.Projection;
using Marketplace.Allocation.Rounds;
using Marketplace.Hosting.Metrics;

namespace Marketplace.Allocation;

public sealed class AllocationOptions
{
    public const string Section = "Allocation";
    /// <summary>How long to gather changes before a round starts.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(20);
    /// <summary>The shortest time between the starts of two rounds (<see cref="RoundPacing"/>; 150 ms: ADR 0015).</summary>
    public TimeSpan RoundPace { get; set; } = TimeSpan.FromMilliseconds(150);
    /// <summary>The longest gap between rounds while bids are open.</summary>
    public TimeSpan RoundInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>A booking workflow step with no reply after this long is sent again.</summary>
    public TimeSpan StalledWorkflowAfter { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan StalledWorkflowCheck { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often outage losses waiting for their booking's confirmation (or a move's answer) are looked at.</summary>
    public TimeSpan OutageSweepInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public static class AllocationSetup
{
    public static WebApplicationBuilder AddAllocation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AllocationOptions>().Bind(builder.Configuration.GetSection(AllocationOptions.Section))
            // A round after RoundInterval without a request does not wait for the pace, so the pace must be the shorter.
            .Validate(o => o.RoundPace <= o.RoundInterval, "Allocation:RoundPace must not be longer than Allocation:RoundInterval")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddServiceMeter<AllocationMetrics>(AllocationMetrics.MeterName);
        services.AddSingleton<RoundTrigger>();
        services.AddSingleton<OccupancyCache>();
        services.AddSingleton<OpenBidCache>();
        services.AddSingleton<MarketClearing>();
        services.AddSingleton<Quotes.MarketViews>();
        services.AddSingleton<Quotes.QuoteDesk>();
        services.AddSingleton<Plans.RecentPrices>();
        services.AddSingleton<Plans.Planner>();
        services.AddSingleton<Bookings.BookingWorkflow>();
        services.AddHostedService<ClusterSnapshotLoader>();
        services.AddHostedService<RoundRunner>();
        services.AddHostedService<Bookings.WorkflowWatchdog>();
        services.AddSingleton<Outages.OutageWorkflow>();
        services.AddHostedService<Outages.OutageSweeper>();
        return builder;
    }
}
