using System.Reflection;
using System.Text.Json;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Hosting.Metrics;
using Marketplace.Hosting.Security;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Marketplace.Hosting;

public static class ServiceDefaults
{
    /// <summary>
    /// Everything a marketplace service needs, in one call: options, its PostgreSQL database (created and
    /// migrated at start-up), MassTransit on RabbitMQ, the transactional outbox and inbox, health checks and telemetry
    /// (traces; metrics at /metrics for Prometheus, and both over OTLP when configured).
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName,
        Assembly serviceAssembly, Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        Database.DapperSetup.Configure();
        var services = builder.Services;
        var configuration = builder.Configuration;

        // API.md: the listen address is set the usual ASP.NET Core way (ASPNETCORE_URLS, --urls, Urls). The
        // appsettings.json files hold only each service's local default under DefaultUrls: a "Urls" key there would
        // outrank ASPNETCORE_URLS, and the container images' 0.0.0.0:8080 would silently become 127.0.0.1:808x.
        if (string.IsNullOrEmpty(configuration["urls"]) && configuration["DefaultUrls"] is { Length: > 0 } defaultUrls)
            builder.WebHost.UseUrls(defaultUrls);

        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.Section));
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        var postgres = configuration.GetSection(PostgresOptions.Section).Get<PostgresOptions>() ?? new PostgresOptions();
        if (string.IsNullOrEmpty(postgres.Host) || string.IsNullOrEmpty(postgres.Database))
            throw new InvalidOperationException("Postgres:Host and Postgres:Database must be configured (e.g. Postgres__Host).");

        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(postgres.ServiceConnectionString)
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())
            .Build());
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<Db>();

        // Registered before MassTransit so the schema exists before any consumer runs.
        services.AddHostedService(sp => new MigrationHostedService(postgres.ConnectionString, serviceAssembly,
            sp.GetRequiredService<ILogger<MigrationHostedService>>()));
        services.AddSingleton(new CallerSignature(CallerSigningOptions.ResolveKey(configuration, builder.Environment)));
        services.AddMarketplaceBus(configuration, serviceName, serviceAssembly, configureBus);
        services.AddHostedService<OutboxRelay>();

        services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "postgresql", tags: ["ready"]);

        // Metrics: ASP.NET Core (http_server_request_duration_seconds), the runtime, MassTransit's consumers
        // (messaging_masstransit_*), the outbox (HostingMetrics) and each service's own meter (AddServiceMeter), served
        // at /metrics in Prometheus' text format (MapServiceDefaults) to callers ScrapeAccess allows.
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section));
        services.AddSingleton<ScrapeAccess>();
        services.AddServiceMeter<HostingMetrics>(HostingMetrics.MeterName);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddPrometheusExporter());
        // Traces only when they go somewhere: a listener makes every request, statement and message build an Activity
        // with its tags, thrown away when nothing exports them. MassTransit records its consume and send metrics only
        // for activities it started, so without an exporter it keeps a listener that records nothing (see the sampler).
        if (string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(t => t.AddSource("MassTransit").SetSampler(new Metrics.DropEverySpanSampler()));
        }
        else
        {
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments("/health") && !ScrapeAccess.IsScrapePath(ctx))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("MassTransit", "Marketplace.Outbox"));
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// /health/live (the process answers), /health/ready (PostgreSQL and RabbitMQ reachable), and /metrics (Prometheus
    /// text format) for loopback callers and Metrics:AllowedNetworks only: 404 to anyone else (<see cref="ScrapeAccess"/>).
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth });
        // Resolved here so a malformed Metrics:AllowedNetworks stops the start-up instead of the first scrape.
        var access = app.Services.GetRequiredService<ScrapeAccess>();
        app.MapPrometheusScrapingEndpoint(ScrapeAccess.Path, meterProvider: null,
                configureBranchedPipeline: branch => branch.Use((context, next) =>
                {
                    if (access.Allows(context)) return next(context);
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }),
                optionsName: null)
            // A scrape is not traffic: it stays out of http_server_request_duration_seconds.
            .DisableHttpMetrics();
        return app;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }));
    }
}
