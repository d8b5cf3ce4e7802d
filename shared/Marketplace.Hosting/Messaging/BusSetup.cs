using System.Reflection;
using Marketplace.Hosting.Security;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Hosting.Messaging;

internal static class BusSetup
{
    /// <summary>
    /// MassTransit on RabbitMQ: kebab-case queues, quorum queues (classic ones for requests), every consumer of the service's assembly,
    /// retries with back-off and then the endpoint's <c>_error</c> queue (where an admin can see and move it).
    /// Callers of requests are signed on the way out and verified on the way in; data errors answer 400.
    /// </summary>
    public static IServiceCollection AddMarketplaceBus(this IServiceCollection services, IConfiguration configuration,
        string serviceName, Assembly serviceAssembly, Action<IBusRegistrationConfigurator>? configure)
    {
        var rabbit = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        if (string.IsNullOrEmpty(rabbit.Host))
            throw new InvalidOperationException("RabbitMq:Host is not configured (set RabbitMq__Host).");

        // Before AddMassTransit, so it runs before the bus declares its queues.
        var requestEndpoints = RequestEndpoints.Of(serviceAssembly);
        services.AddHostedService(sp => new RequestQueueUpgrade(rabbit, requestEndpoints, sp.GetRequiredService<ILogger<RequestQueueUpgrade>>()));
        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            // MassTransit 8.4+ reports usage to its vendor over the internet by default: a marketplace's services make
            // no calls nobody asked for (and here every attempt is a failed DNS lookup and a warning in the log).
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
            x.AddConsumers(serviceAssembly);
            // Quorum queues for the messages that must not be lost (events and workflow commands, each from an outbox);
            // classic ones for requests, which live as long as their caller waits (ADR 0011).
            x.AddConfigureEndpointsCallback((_, name, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint && !requestEndpoints.Contains(name)) rabbitEndpoint.SetQuorumQueue();
                // A database or broker restart is outlived: transient failures are retried for about two minutes
                // (outer policy) instead of being parked in _error after a few seconds, which would stall a booking
                // or a charge until an operator moved the message back. Defects get five quick retries, then _error.
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(TransientExceptions.Is);
                    r.Interval(60, TimeSpan.FromSeconds(2));
                });
                endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<Exception>(TransientExceptions.Is);
                    r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                    // Input PostgreSQL cannot store fails the same way every time: retrying only delays the answer.
                    r.Ignore<Npgsql.PostgresException>(DataErrors.IsDataError);
                    // A request consumer whose answer cannot be sent (its caller's reply exchange is gone with the caller,
                    // a gateway killed mid-request) would redo the work and fail to answer again, each attempt closing the
                    // shared channel its other answers travel on: the chaos run's killed gateway took 40 s to get answers.
                    if (requestEndpoints.Contains(name)) r.Ignore<RabbitMqConnectionException>();
                });
            });
            configure?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                    h.PublisherConfirmation = true;
                });
                // The reply queue's name starts with the service's, so the broker can grant each service its own (and
                // unique per process, so instances never take each other's replies).
                // Each endpoint takes up to PrefetchCount messages from the broker at a time (fewer round trips) and
                // handles up to ConcurrentMessageLimit at once: enough to keep the database busy, few enough that the
                // endpoints together stay near the connection pool's size.
                cfg.PrefetchCount = configuration.GetValue("Bus:PrefetchCount", 32);
                cfg.ConcurrentMessageLimit = configuration.GetValue("Bus:ConcurrentMessageLimit", 8);
                cfg.OverrideDefaultBusEndpointQueueName($"{serviceName}-bus-{NewId.NextGuid():N}");
                // The bus endpoint (where this process's answers arrive) consumes from the bus's start, and the bus is
                // ready only then. MassTransit's default starts it at the first request, and its request client blocks
                // a thread per request until it consumes: a gateway restarted under load starved its own thread pool
                // and answered nothing for 10 to 45 s (chaos runs, docs/reliability.md).
                cfg.AutoStart = true;
                // A lost broker is tried again every second for as long as it takes, not on MassTransit's 6-30 s schedule.
                BrokerReconnect.Apply(cfg);
                // A message parked in _error or _skipped waits for a person and must survive a broker restart, whatever
                // its endpoint's queue: those queues are quorum queues everywhere (as they were before ADR 0011, so an
                // existing broker's are redeclared unchanged).
                cfg.SendTopology.ConfigureErrorSettings = settings => settings.SetQueueArgument("x-queue-type", "quorum");
                cfg.SendTopology.ConfigureDeadLetterSettings = settings => settings.SetQueueArgument("x-queue-type", "quorum");
                cfg.UseSendFilter(typeof(CallerSigningFilter<>), context);
                cfg.UsePublishFilter(typeof(CallerSigningFilter<>), context);
                cfg.UseConsumeFilter(typeof(CallerVerificationFilter<>), context);
                cfg.ConnectConsumerConfigurationObserver(new DataErrorObserver(context.GetRequiredService<ILoggerFactory>()));
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}
