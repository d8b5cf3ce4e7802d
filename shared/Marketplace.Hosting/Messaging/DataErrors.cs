using Marketplace.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// PostgreSQL's class 22 ("data exception": a NUL in text, a number out of range, a bad encoding) means the input
/// cannot be stored, now or on any retry. Validation should have caught it; when it did not, the caller gets a 400,
/// not a 500 after five futile retries and a message parked in an _error queue.
/// </summary>
public static class DataErrors
{
    public static bool IsDataError(Exception? ex) => FindDataError(ex) is not null;

    /// <summary>The 400 a data error is answered with, wherever a request is answered (bus or HTTP); null for any other failure.</summary>
    public static Problem? AsProblem(Exception? ex) => FindDataError(ex) is { } pg ? ProblemAnswers.CannotBeStored(pg) : null;

    private static PostgresException? FindDataError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException pg && pg.SqlState.StartsWith("22", StringComparison.Ordinal)) return pg;
        return null;
    }

    public static PostgresException? Find(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException pg) return pg;
        return null;
    }
}

/// <summary>
/// Turns a data error inside a request's consumer into a 400 Problem. It sits on each consumer's own pipe, inside
/// MassTransit's consumer filter: caught any later, MassTransit would already have sent the requester a Fault (a 500
/// at the gateway). The consumer's transaction is already rolled back (its unit of work is disposed as the exception
/// leaves it), so nothing changed. Other messages (events, commands) keep their fault path to the _error queue.
/// </summary>
public sealed class DataErrorFilter<TConsumer, T>(ILogger logger) : IFilter<ConsumerConsumeContext<TConsumer, T>>
    where TConsumer : class where T : class
{
    public async Task Send(ConsumerConsumeContext<TConsumer, T> context, IPipe<ConsumerConsumeContext<TConsumer, T>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception ex) when (DataErrors.AsProblem(ex) is { } cannotBeStored && (context.ResponseAddress is not null || context.RequestId is not null))
        {
            var pg = DataErrors.Find(ex)!;
            logger.LogWarning("{MessageType} {MessageId} refused: PostgreSQL data error {SqlState} {Message}",
                typeof(T).Name, context.MessageId, pg.SqlState, pg.MessageText);
            await context.RespondAsync(cannotBeStored);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("dataErrors");
}

/// <summary>Puts a DataErrorFilter on the pipe of every consumer of every message type.</summary>
public sealed class DataErrorObserver(ILoggerFactory loggers) : IConsumerConfigurationObserver
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator) where TConsumer : class { }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class where TMessage : class =>
        configurator.UseFilter(new DataErrorFilter<TConsumer, TMessage>(loggers.CreateLogger("Marketplace.Hosting.Messaging.DataErrors")));
}
