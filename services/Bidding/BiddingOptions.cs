using Marketplace.Bidding.Bids;

namespace Marketplace.Bidding;

public sealed class BiddingOptions
{
    public const string Section = "Bidding";
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public static class BiddingSetup
{
    public static WebApplicationBuilder AddBidding(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BiddingOptions>().Bind(builder.Configuration.GetSection(BiddingOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<BidExpirySweeper>();
        return builder;
    }
}
