using Marketplace.Hosting;
using Marketplace.Inventory;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("inventory", typeof(InventoryOptions).Assembly);
builder.AddInventory();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
