using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// Request endpoints were quorum queues before ADR 0011 made them classic, and RabbitMQ refuses to declare an existing
/// queue as another type: before the bus starts, each of this service's request queues that is still a quorum queue is
/// deleted, so the bus declares it afresh. What it held were requests whose callers have given up or will retry.
/// Runs before the bus (registered first); if RabbitMQ cannot be reached it logs what to delete by hand and lets the
/// service start.
/// </summary>
internal sealed class RequestQueueUpgrade(RabbitMqOptions rabbit, IReadOnlyCollection<string> requestQueues, ILogger<RequestQueueUpgrade> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (requestQueues.Count == 0) return;
        var factory = new ConnectionFactory
        {
            HostName = rabbit.Host, Port = rabbit.Port, UserName = rabbit.Username, Password = rabbit.Password,
            VirtualHost = rabbit.VirtualHost, RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ClientProvidedName = "request-queue-upgrade",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            foreach (var queue in requestQueues)
                if (await IsQuorumAsync(connection, queue, cancellationToken))
                {
                    await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
                    logger.LogInformation("Request queue {Queue} was a quorum queue: deleted, the bus declares it as a classic queue", queue);
                }
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not check the request queues ({Queues}); if one of them is still a quorum queue, its endpoint " +
                "cannot start until it is deleted (rabbitmqctl delete_queue <name>)", string.Join(", ", requestQueues));
        }
    }

    /// <summary>
    /// AMQP cannot ask a queue's type; a declaration can test it. Passively first (a queue that does not exist is left
    /// for the bus to create), then as a quorum queue: RabbitMQ accepts that only if it is one.
    /// </summary>
    private static async Task<bool> IsQuorumAsync(IConnection connection, string queue, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, ct);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode is 404 or 406)
        {
            return false; // 404: no such queue; 406: it exists and is not a quorum queue
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
