using Marketplace.Hosting;
using Marketplace.Notifications;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("notifications", typeof(NotificationsOptions).Assembly);
builder.AddNotifications();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
