namespace Marketplace.Hosting.Messaging;

/// <summary>
/// A message as the outbox holds it. <see cref="Message"/> is the object itself when this process has it in hand (a
/// unit of work hands its committed messages to the relay), null when the row was read back from the table.
/// </summary>
public sealed record OutboxMessage(Guid MessageId, string MessageType, string? Destination, string Body, string? TraceParent,
    object? Message = null);
