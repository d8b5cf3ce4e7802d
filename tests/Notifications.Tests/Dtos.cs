using System.Text.Json;

namespace Marketplace.Notifications.Tests;

// The events feed and webhooks as a client reads them (API.md "Outages, events and webhooks").
public sealed record EventDto(Guid Id, string Type, DateTimeOffset At, JsonElement Data);
public sealed record EventPageDto(List<EventDto> Items, string? NextCursor);
public sealed record WebhookCreatedDto(Guid Id, string Url, List<string> Events, string? Secret, DateTimeOffset CreatedAt);
public sealed record WebhookDto(Guid Id, string Url, List<string> Events, DateTimeOffset CreatedAt);
public sealed record WebhookListDto(List<WebhookDto> Items);
public sealed record AttemptDto(Guid EventId, string Type, int Attempt, string Status, DateTimeOffset At, int? ResponseStatus, string? Error);
public sealed record AttemptPageDto(List<AttemptDto> Items, string? NextCursor);
public sealed record ClusterDto(Guid Id);
public sealed record BidDto(Guid Id, string Status, Guid? BookingId);
public sealed record BookingDto(Guid Id, Guid BidId, Guid TenantId, Guid ProviderId, Guid ClusterId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
public sealed record ReconciliationStartedDto(Guid Id, string Status);
public sealed record DiscrepancyDto(Guid Id, string Kind, Guid BookingId);
public sealed record ReconciliationDto(Guid Id, string Status, List<DiscrepancyDto> Discrepancies);
