using System.Text.Json;

namespace Marketplace.Contracts.Notifications;

// Events and webhooks (API.md "Outages, events and webhooks"): the notifications service turns facts published by the
// other services into per-organization events, serves them as a feed and POSTs them to webhooks.

/// <summary>One event as the feed and the webhooks show it: <c>Data</c> is the resource in its API shape (camelCase JSON).</summary>
public record EventView(Guid Id, string Type, DateTimeOffset At, JsonElement Data);
/// <summary>A page of the feed, oldest first; <c>NextCursor</c> is always set (the same cursor again when nothing is new).</summary>
public record EventPage(IReadOnlyList<EventView> Items, string NextCursor);
public record ListEvents(Caller Caller, string? After, int Limit);

public record WebhookView(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);
/// <summary>The answer to a creation: the only one that carries the signing secret.</summary>
public record WebhookCreated(Guid Id, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset CreatedAt);
public record WebhookList(IReadOnlyList<WebhookView> Items);
/// <summary>One delivery attempt: <c>Status</c> is what it led to (succeeded, retrying or failed).</summary>
public record DeliveryAttemptView(Guid EventId, string Type, int Attempt, string Status, DateTimeOffset At, int? ResponseStatus, string? Error);
public record DeliveryAttemptPage(IReadOnlyList<DeliveryAttemptView> Items, string? NextCursor);

public record CreateWebhook(Caller Caller, Guid WebhookId, string Url, IReadOnlyList<string> Events);
public record ListWebhooks(Caller Caller);
public record DeleteWebhook(Caller Caller, Guid WebhookId);
/// <summary>The answer to <see cref="DeleteWebhook"/>.</summary>
public record WebhookDeleted(Guid Id);
public record ListWebhookDeliveries(Caller Caller, Guid WebhookId, int Limit, string? Cursor);
