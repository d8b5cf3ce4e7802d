using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Marketplace.Hosting.Metrics;

public static class MetricsSetup
{
    /// <summary>
    /// Registers a service's metrics class (its one <see cref="System.Diagnostics.Metrics.Meter"/>) as a singleton and has
    /// OpenTelemetry export the meter. The class is created with the meter provider, so its observable gauges answer from
    /// the first scrape, before anything has used it.
    /// </summary>
    public static IServiceCollection AddServiceMeter<TMetrics>(this IServiceCollection services, string meterName) where TMetrics : class
    {
        services.AddSingleton<TMetrics>();
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            metrics.AddMeter(meterName);
            provider.GetRequiredService<TMetrics>();
        });
        return services;
    }
}
