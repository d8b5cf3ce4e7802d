using System.Reflection;
using System.Text.Json;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
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
    /// migrated at start-up), MassTransit on RabbitMQ, the transactional outbox and inbox, health checks and telemetry.
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

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("MassTransit", "Marketplace.Outbox"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit"));
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            services.AddOpenTelemetry().UseOtlpExporter();

        return builder;
    }

    /// <summary>/health/live (the process answers) and /health/ready (PostgreSQL and RabbitMQ reachable).</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth });
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
