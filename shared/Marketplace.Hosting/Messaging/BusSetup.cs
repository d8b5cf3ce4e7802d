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
    /// MassTransit on RabbitMQ: kebab-case queues, quorum queues, every consumer of the service's assembly,
    /// retries with back-off and then the endpoint's <c>_error</c> queue (where an admin can see and move it).
    /// Callers of requests are signed on the way out and verified on the way in; data errors answer 400.
    /// </summary>
    public static IServiceCollection AddMarketplaceBus(this IServiceCollection services, IConfiguration configuration,
        string serviceName, Assembly serviceAssembly, Action<IBusRegistrationConfigurator>? configure)
    {
        var rabbit = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        if (string.IsNullOrEmpty(rabbit.Host))
            throw new InvalidOperationException("RabbitMq:Host is not configured (set RabbitMq__Host).");

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddConsumers(serviceAssembly);
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint) rabbitEndpoint.SetQuorumQueue();
                endpoint.UseMessageRetry(r =>
                {
                    r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                    // Input PostgreSQL cannot store fails the same way every time: retrying only delays the answer.
                    r.Ignore<Npgsql.PostgresException>(DataErrors.IsDataError);
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
                cfg.OverrideDefaultBusEndpointQueueName($"{serviceName}-bus-{NewId.NextGuid():N}");
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
