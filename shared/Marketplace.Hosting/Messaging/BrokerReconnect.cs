using System.Reflection;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.RabbitMqTransport;
using RabbitMQ.Client.Exceptions;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// How often a process tries the broker again once it lost it: every <see cref="Interval"/> (MassTransit adds a second's
/// pause of its own), for as long as the process lives, however often the broker went away before.
/// <para>
/// MassTransit's own schedule (RabbitMqHostConfiguration in 8.5) waits about 6, 9, 15, 27 and then 30 s between tries,
/// keeps counting across outages (a receive endpoint never resets it, so after a few broker restarts every one costs up
/// to 30 s more) and gives an endpoint up for good after 1,000 tries; it has no setting. A broker back after 22 s was
/// consumed from again 18 s later in a chaos run (docs/reliability.md). The same policy serves a send that finds the
/// connection gone (MassTransit uses it for both), which then also waits a second, not six.
/// </para>
/// The policy is MassTransit's host configuration's; it is replaced through reflection on MassTransit 8.5's fields,
/// and <see cref="Apply"/> throws at startup if they are not there (a MassTransit upgrade that moved them fails every
/// service's start and every test, not silently).
/// </summary>
internal static class BrokerReconnect
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The faults MassTransit retries a connection on (RabbitMqHostConfiguration), on a fixed interval without end.</summary>
    public static IRetryPolicy Policy { get; } = Retry.CreatePolicy(x =>
    {
        x.Handle<ConnectionException>();
        x.Handle<AlreadyClosedException>();
        x.Handle<EndOfStreamException>();
        x.Handle<OperationInterruptedException>(exception => exception.ChannelShouldBeClosed());
        x.Handle<NotSupportedException>(exception => exception.Message.Contains("Pipelining of requests forbidden"));
        x.Ignore<AuthenticationFailureException>();
        x.Incremental(int.MaxValue, Interval, TimeSpan.Zero);
    });

    public static void Apply(IRabbitMqBusFactoryConfigurator configurator)
    {
        var host = configurator.GetType().GetField("_hostConfiguration", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(configurator)
            ?? throw Moved("RabbitMqBusFactoryConfigurator._hostConfiguration");
        var policy = FieldOf(host.GetType(), $"<{nameof(IHostConfiguration.ReceiveTransportRetryPolicy)}>k__BackingField")
            ?? throw Moved("RabbitMqHostConfiguration.ReceiveTransportRetryPolicy");
        policy.SetValue(host, Policy);
    }

    private static FieldInfo? FieldOf(Type? type, string name)
    {
        for (; type is not null; type = type.BaseType)
            if (type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is { } field) return field;
        return null;
    }

    private static InvalidOperationException Moved(string what) =>
        new($"MassTransit's {what} is not where Messaging/BrokerReconnect.cs expects it (MassTransit 8.5): see that file before upgrading.");

}
