namespace Marketplace.Inventory.Tests.Support;

// GET /v1/clusters/{id}/calendar as API.md shows it.
public sealed record HoldSlotDto(DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid BookingId);
public sealed record NodeCalendarDto(int Index, List<HoldSlotDto> Holds);
public sealed record CalendarDto(Guid ClusterId, List<NodeCalendarDto> Nodes);
