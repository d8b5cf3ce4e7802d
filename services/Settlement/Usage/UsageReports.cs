using Marketplace.Contracts;
using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Settlement.Bookings;

namespace Marketplace.Settlement.Usage;

public sealed class UsageReportRow
{
    public Guid Id { get; init; }
    public Guid BookingId { get; init; }
    public Guid ProviderId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public decimal BookedGpuHours { get; init; }
    public decimal DeliveredGpuHours { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public UsageReportView ToView() =>
        new(Id, BookingId, ProviderId, PeriodStart, PeriodEnd, BookedGpuHours, DeliveredGpuHours, Note, CreatedAt);
}

public static class UsageReports
{
    public const string Columns = """
        id, booking_id, provider_id, lower(period) as period_start, upper(period) as period_end, booked_gpu_hours,
        delivered_gpu_hours, note, created_at
        """;

    /// <summary>The tenant and the provider of the booking, and admins; anyone else gets "not found".</summary>
    public static bool CanSee(Caller caller, BookingCopy booking) => caller.Role switch
    {
        Roles.Admin => true,
        Roles.Tenant => booking.TenantId == caller.OrganizationId,
        Roles.Provider => booking.ProviderId == caller.OrganizationId,
        _ => false,
    };

    public static Task<UsageReportRow?> LoadAsync(UnitOfWork uow, Guid id) =>
        uow.QuerySingleOrDefaultAsync<UsageReportRow>($"select {Columns} from usage_reports where id = @id", new { id });
}
