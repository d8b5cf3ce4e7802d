using Marketplace.Bidding;
using Marketplace.Bidding.Bids;
using Marketplace.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("bidding", typeof(BiddingOptions).Assembly);
builder.AddBidding();

var app = builder.Build();
app.MapServiceDefaults();
app.MapDirectPlacements();
app.Run();
