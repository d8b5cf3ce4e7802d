using MassTransit;

namespace Marketplace.Gateway.ServiceCalls;

/// <summary>
/// Tells a fault a service could not help (its database restarting, its broker connection dropped) from a defect.
/// A fault carries exception type names and messages only, so this reads those: Npgsql's connection errors, and
/// PostgreSQL's own SQLSTATE classes for connection trouble (08), resources (53) and operator intervention (57,
/// e.g. 57P01 "terminating connection due to administrator command" during a restart).
/// </summary>
public static class TransientFault
{
    private static readonly string[] TransientTypes =
    [
        "Npgsql.NpgsqlException", "System.TimeoutException", "System.Net.Sockets.SocketException", "System.IO.IOException",
        "RabbitMQ.Client.Exceptions.AlreadyClosedException", "RabbitMQ.Client.Exceptions.BrokerUnreachableException",
    ];
    private static readonly string[] TransientStates = ["08", "53", "57"];

    public static bool IsTransient(Fault? fault) =>
        fault?.Exceptions is { Length: > 0 } exceptions && exceptions.All(e => IsTransient(e));

    private static bool IsTransient(ExceptionInfo? e) =>
        e is not null && (TransientTypes.Contains(e.ExceptionType)
            || (e.ExceptionType == "Npgsql.PostgresException" && TransientStates.Any(s => e.Message?.StartsWith(s, StringComparison.Ordinal) == true))
            || IsTransient(e.InnerException));

    public static string Describe(Fault? fault) =>
        string.Join("; ", fault?.Exceptions?.Select(e => $"{e.ExceptionType}: {e.Message}") ?? []);
}
