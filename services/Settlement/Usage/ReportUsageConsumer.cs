using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Settlement.Bookings;
using MassTransit;
using Npgsql;

namespace Marketplace.Settlement.Usage;

/// <summary>
/// The booking's provider reports delivered GPU-hours for a period of whole hours inside the booking. Future hours may be
/// reported (a shortfall announced ahead). Reports of one booking never overlap: the exclusion constraint decides, 409.
/// Create-by-id: a retry with the same report id answers the first report.
/// </summary>
public sealed class ReportUsageConsumer(Db db) : IConsumer<ReportUsage>
{
    public async Task Consume(ConsumeContext<ReportUsage> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Provider) { await context.RespondForbiddenAsync("Only the booking's provider reports usage."); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        if (await UsageReports.LoadAsync(uow, m.ReportId) is { } existing)
        {
            if (existing.ProviderId == m.Caller.OrganizationId && existing.BookingId == m.BookingId) await context.RespondAsync(existing.ToView());
            else await context.RespondProblemAsync(409, "Conflict", "That report id is taken.");
            return;
        }
        var booking = await BookingCopies.LoadAsync(uow, m.BookingId);
        if (booking is null || booking.ProviderId != m.Caller.OrganizationId) { await context.RespondNotFoundAsync("booking"); return; }

        var errors = new ValidationErrors();
        SettlementRules.ValidateUsageReport(errors, m.PeriodStart, m.PeriodEnd, m.DeliveredGpuHours, m.Note);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        if (booking.BookedUntil <= booking.StartsAt)
        {
            await context.RespondProblemAsync(409, "Conflict", "The booking was cancelled before it started: it has no hours to report on.");
            return;
        }
        if (m.PeriodStart < booking.StartsAt || m.PeriodEnd > booking.BookedUntil)
        {
            var hours = $"{booking.StartsAt:yyyy-MM-dd'T'HH:mm'Z'} to {booking.BookedUntil:yyyy-MM-dd'T'HH:mm'Z'}";
            errors.Add(m.PeriodStart < booking.StartsAt ? "periodStart" : "periodEnd", $"must be inside the booking's hours, {hours}");
            await context.RespondInvalidAsync(errors);
            return;
        }
        var booked = booking.GpuCount * Billing.Hours(m.PeriodStart, m.PeriodEnd);
        if (m.DeliveredGpuHours > booked)
        {
            await context.RespondInvalidAsync(errors.Add("deliveredGpuHours", $"must be at most the {booked} GPU-hours booked for that period"));
            return;
        }

        UsageReportRow report;
        try
        {
            report = await uow.QuerySingleAsync<UsageReportRow>(
                $"""
                insert into usage_reports (id, booking_id, provider_id, period, booked_gpu_hours, delivered_gpu_hours, note)
                values (@ReportId, @BookingId, @provider, tstzrange(@PeriodStart, @PeriodEnd, '[)'), @booked, @DeliveredGpuHours, @Note)
                returning {UsageReports.Columns}
                """, new { m.ReportId, m.BookingId, provider = m.Caller.OrganizationId, m.PeriodStart, m.PeriodEnd, booked, m.DeliveredGpuHours, m.Note });
            await uow.CommitAsync(context.CancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            await context.RespondProblemAsync(409, "Conflict", "The period overlaps a usage report already made for this booking.");
            return;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same report id raced in from a retry: answer as the first did.
            await using var again = await db.BeginAsync(context.CancellationToken);
            if (await UsageReports.LoadAsync(again, m.ReportId) is { } first && first.ProviderId == m.Caller.OrganizationId)
                await context.RespondAsync(first.ToView());
            else await context.RespondProblemAsync(409, "Conflict", "That report id is taken.");
            return;
        }
        await context.RespondAsync(report.ToView());
    }
}
