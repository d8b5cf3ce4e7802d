using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Hosting.Messaging;

internal static class BusSetup
{
    /// <summary>
    /// MassTransit on RabbitMQ: kebab-case queues, quorum queues, every consumer of the service's assembly,
    /// retries with back-off and then the endpoint's <c>_error</c> queue (where an admin can see and move it).
    /// </summary>
    public static IServiceCollection AddMarketplaceBus(this IServiceCollection services, IConfiguration configuration,
        Assembly serviceAssembly, Action<IBusRegistrationConfigurator>? configure)
    {
        var rabbit = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        if (string.IsNullOrEmpty(rabbit.Host))
            throw new InvalidOperationException("RabbitMq:Host is not configured (set RabbitMq__Host).");

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            // MassTransit 8.4+ reports usage to its vendor over the internet by default: a marketplace's services make
            // no calls nobody asked for (and here every attempt is a failed DNS lookup and a warning in the log).
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
            x.AddConsumers(serviceAssembly);
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint) rabbitEndpoint.SetQuorumQueue();
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
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}
