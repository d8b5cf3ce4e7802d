using Marketplace.Contracts;
using Marketplace.Hosting.Security;
using MassTransit;

namespace Marketplace.Testing;

/// <summary>
/// A plain MassTransit bus on the test class's virtual host: a client of the broker that is not one of the services
/// and has no signing filter, so a test chooses exactly which caller signature (if any) a request carries.
/// </summary>
public sealed class OutsideBus : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private OutsideBus(IBusControl bus) => _bus = bus;

    public static async Task<OutsideBus> StartAsync(MarketplaceFixture market)
    {
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
            cfg.Host(TestEnvironment.RabbitHost, ushort.Parse(TestEnvironment.RabbitPort), market.VirtualHost, h =>
            {
                h.Username(TestEnvironment.RabbitUser);
                h.Password(TestEnvironment.RabbitPassword);
            }));
        await bus.StartAsync();
        return new OutsideBus(bus);
    }

    /// <summary>A signature made with the services' key (or <paramref name="key"/>) for the caller and message id.</summary>
    public static string Sign(Caller caller, Guid messageId, string key = MarketplaceFixture.CallerSigningKey) =>
        new CallerSignature(key).Sign(caller, messageId);

    /// <summary>A signature for a batch's callers, in the order given, and the message id.</summary>
    public static string Sign(IReadOnlyList<Caller> callers, Guid messageId, string key = MarketplaceFixture.CallerSigningKey) =>
        new CallerSignature(key).Sign(callers, messageId);

    /// <summary>Sends the request with the message id and signature header given (none when null); returns the answer.</summary>
    public async Task<Response<TResponse, Problem>> AskAsync<TRequest, TResponse>(TRequest request, Guid messageId, string? signature)
        where TRequest : class where TResponse : class
    {
        var client = _bus.CreateRequestClient<TRequest>(RequestTimeout.After(s: 20));
        return await client.GetResponse<TResponse, Problem>(request, x => x.UseExecute(context =>
        {
            context.MessageId = messageId;
            if (signature is not null) context.Headers.Set(CallerSignature.Header, signature);
        }));
    }

    /// <summary>Publishes an event as a service would, with the message id given (the same id twice is a redelivery).</summary>
    public Task PublishAsync<T>(T message, Guid messageId) where T : class =>
        _bus.Publish(message, context => context.MessageId = messageId);

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
