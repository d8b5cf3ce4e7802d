using Marketplace.Hosting.Metrics;
using Marketplace.Inventory.Holds;

namespace Marketplace.Inventory;

public sealed class InventoryOptions
{
    public const string Section = "Inventory";
    /// <summary>A hold not confirmed within this time is released by the sweeper.</summary>
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Quota: active (not delisted) clusters one provider may have at a time.</summary>
    public int MaxActiveClustersPerProvider { get; set; } = 100;
    /// <summary>Quota: nodes of one cluster. API.md allows up to 10000; above this quota a listing is 422, not 400.</summary>
    public int MaxNodesPerCluster { get; set; } = 4096;
}

public static class InventorySetup
{
    public static WebApplicationBuilder AddInventory(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<InventoryOptions>().Bind(builder.Configuration.GetSection(InventoryOptions.Section))
            .Validate(o => o.MaxActiveClustersPerProvider > 0 && o.MaxNodesPerCluster > 0, "Inventory quotas must be at least 1")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Holds.HoldSteps>();
        builder.Services.AddServiceMeter<InventoryMetrics>(InventoryMetrics.MeterName);
        builder.Services.AddHostedService<HoldExpirySweeper>();
        return builder;
    }
}
