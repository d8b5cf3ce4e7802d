using Marketplace.Bidding;
using Marketplace.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("bidding", typeof(BiddingOptions).Assembly);
builder.AddBidding();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
