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
    public const int MaxNoteLength = 1000;

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

    /// <summary>The report's own fields, before the booking is known (the gateway runs the same checks for early errors).</summary>
    public static void ValidateShape(ValidationErrors e, DateTimeOffset? periodStart, DateTimeOffset? periodEnd, decimal? delivered, string? note)
    {
        if (e.Required("periodStart", periodStart)) e.WholeHour("periodStart", periodStart);
        if (e.Required("periodEnd", periodEnd)) e.WholeHour("periodEnd", periodEnd);
        if (periodStart is not null && periodEnd is not null && periodEnd <= periodStart) e.Add("periodEnd", "must be after periodStart");
        if (e.Required("deliveredGpuHours", delivered))
        {
            if (delivered < 0) e.Add("deliveredGpuHours", "must be 0 or more");
            else if (!Money.HasAtMostScale(delivered!.Value)) e.Add("deliveredGpuHours", "must have at most 4 decimals");
        }
        e.Length("note", note, 0, MaxNoteLength);
    }

    public static Task<UsageReportRow?> LoadAsync(UnitOfWork uow, Guid id) =>
        uow.QuerySingleOrDefaultAsync<UsageReportRow>($"select {Columns} from usage_reports where id = @id", new { id });
}
