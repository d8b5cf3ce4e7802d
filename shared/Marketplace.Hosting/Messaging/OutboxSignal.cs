namespace Marketplace.Hosting.Messaging;

/// <summary>Wakes the outbox relay as soon as this process commits outbox rows, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal : WakeUpSignal;
