using Marketplace.Inventory.Holds;

namespace Marketplace.Inventory;

public sealed class InventoryOptions
{
    public const string Section = "Inventory";
    /// <summary>A hold not confirmed within this time is released by the sweeper.</summary>
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public static class InventorySetup
{
    public static WebApplicationBuilder AddInventory(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<InventoryOptions>().Bind(builder.Configuration.GetSection(InventoryOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<HoldExpirySweeper>();
        return builder;
    }
}
