using MassTransit;
using Npgsql;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Failures a message can outlive: the database or the broker went away under the consumer (a restart, a failover)
/// or PostgreSQL asked for a retry (serialization failure, deadlock). Npgsql marks these itself (<c>IsTransient</c>).
/// One rule for both sides: consumers retry what <see cref="Is(Exception?)"/> accepts, and the gateway answers 503
/// rather than 500 for a fault <see cref="Is(Fault?)"/> accepts.
/// </summary>
public static class TransientExceptions
{
    // A fault carries exception type names and messages only: Npgsql's connection errors, and PostgreSQL's SQLSTATE
    // classes for connection trouble (08), resources (53) and operator intervention (57, e.g. 57P01 during a restart).
    private static readonly string[] TransientTypes =
    [
        "Npgsql.NpgsqlException", "System.TimeoutException", "System.Net.Sockets.SocketException", "System.IO.IOException",
        "RabbitMQ.Client.Exceptions.AlreadyClosedException", "RabbitMQ.Client.Exceptions.BrokerUnreachableException",
    ];
    private static readonly string[] TransientStates = ["08", "53", "57"];

    public static bool Is(Exception? e) => e switch
    {
        null => false,
        NpgsqlException { IsTransient: true } or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(Is),
        _ => Is(e.InnerException),
    };

    /// <summary>A fault reported by another service, every exception of it transient.</summary>
    public static bool Is(Fault? fault) =>
        fault?.Exceptions is { Length: > 0 } exceptions && exceptions.All(Is);

    private static bool Is(ExceptionInfo? e) =>
        e is not null && (TransientTypes.Contains(e.ExceptionType)
            || (e.ExceptionType == "Npgsql.PostgresException" && TransientStates.Any(state => e.Message?.StartsWith(state, StringComparison.Ordinal) == true))
            || Is(e.InnerException));

    public static string Describe(Fault? fault) =>
        string.Join("; ", fault?.Exceptions?.Select(e => $"{e.ExceptionType}: {e.Message}") ?? []);
}
