using Marketplace.Allocation;
using Marketplace.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("allocation", typeof(AllocationOptions).Assembly);
builder.AddAllocation();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
