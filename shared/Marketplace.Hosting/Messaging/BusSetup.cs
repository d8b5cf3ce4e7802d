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
            x.AddConsumers(serviceAssembly);
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint) rabbitEndpoint.SetQuorumQueue();
                endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
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
