using Npgsql;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Failures a message can outlive: the database or the broker went away under the consumer (a restart, a failover)
/// or PostgreSQL asked for a retry (serialization failure, deadlock). Npgsql marks these itself (<c>IsTransient</c>).
/// </summary>
public static class TransientExceptions
{
    public static bool Is(Exception? e) => e switch
    {
        null => false,
        NpgsqlException { IsTransient: true } or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(Is),
        _ => Is(e.InnerException),
    };
}
