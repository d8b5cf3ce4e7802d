using Marketplace.Hosting.Metrics;
using Marketplace.Settlement.Reconciliation;

namespace Marketplace.Settlement;

public sealed class SettlementOptions
{
    public const string Section = "Settlement";
    /// <summary>The platform's share of every charge (0.10 = 10%).</summary>
    public decimal PlatformFeeRate { get; set; } = 0.10m;
    /// <summary>
    /// Records younger than this are still in flight (a booking being confirmed, a cancellation whose nodes are being
    /// released, a bid awarded a moment ago): reconciliation does not call them discrepancies yet.
    /// </summary>
    public TimeSpan ReconciliationGrace { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the worker looks for runs to do when nothing woke it (another instance's, or one left by a crash).</summary>
    public TimeSpan ReconciliationPollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>A run that fails this many times (an owner not answering) is marked failed.</summary>
    public int ReconciliationMaxAttempts { get; set; } = 3;
    /// <summary>How long one page from an owning service may take.</summary>
    public TimeSpan OwnerRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

public static class SettlementSetup
{
    public static WebApplicationBuilder AddSettlement(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SettlementOptions>().Bind(builder.Configuration.GetSection(SettlementOptions.Section))
            .Validate(o => o.PlatformFeeRate is >= 0 and < 1, "Settlement:PlatformFeeRate must be in [0, 1)")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddServiceMeter<SettlementMetrics>(SettlementMetrics.MeterName);
        services.AddSingleton<ReconciliationSignal>();
        services.AddScoped<OwnerRecords>();
        services.AddScoped<Reconciler>();
        services.AddHostedService<ReconciliationWorker>();
        return builder;
    }
}
