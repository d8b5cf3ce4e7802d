using Marketplace.Hosting;
using Marketplace.Settlement;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("settlement", typeof(SettlementOptions).Assembly);
builder.AddSettlement();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
