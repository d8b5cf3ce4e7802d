using Marketplace.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("settlement", typeof(Marketplace.Settlement.SettlementOptions).Assembly);

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
