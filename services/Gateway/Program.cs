using Marketplace.Gateway;
using Marketplace.Gateway.Bids;
using Marketplace.Gateway.Bookings;
using Marketplace.Gateway.Clusters;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.Settlement;
using Marketplace.Hosting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway", typeof(GatewaySetup).Assembly);
builder.AddGateway();

var app = builder.Build();
app.UseGatewayErrors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapServiceDefaults();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/docs", o => o.WithTitle("GPU Cluster Marketplace API"));
app.MapOrganizationEndpoints();
app.MapClusterEndpoints();
app.MapBidEndpoints();
app.MapBookingEndpoints();
app.MapSettlementEndpoints();
app.Run();
