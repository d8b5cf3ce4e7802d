using Marketplace.Bidding.Bids;
using Marketplace.Hosting.Metrics;

namespace Marketplace.Bidding;

public sealed class BiddingOptions
{
    public const string Section = "Bidding";
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Quota: open bids one tenant may have at a time (cancelled, won and expired ones do not count).</summary>
    public int MaxOpenBidsPerTenant { get; set; } = 1000;
}

public static class BiddingSetup
{
    public static WebApplicationBuilder AddBidding(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BiddingOptions>().Bind(builder.Configuration.GetSection(BiddingOptions.Section))
            .Validate(o => o.MaxOpenBidsPerTenant > 0, "Bidding:MaxOpenBidsPerTenant must be at least 1")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddServiceMeter<BiddingMetrics>(BiddingMetrics.MeterName);
        builder.Services.AddSingleton<BidPlacements>();
        builder.Services.AddScoped<PlacementDesk>();
        builder.Services.AddHostedService<BidExpirySweeper>();
        builder.Services.AddHostedService<PlacementKeyJanitor>();
        return builder;
    }
}
