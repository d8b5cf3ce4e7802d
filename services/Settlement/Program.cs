using Marketplace.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("settlement", typeof(Program).Assembly);

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
