using Marketplace.Contracts.Settlement;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Settlement.Bookings;
using MassTransit;

namespace Marketplace.Settlement.Usage;

/// <summary>A booking's usage reports, in period order, for its tenant, its provider and admins.</summary>
public sealed class ListUsageReportsConsumer(Db db) : IConsumer<ListUsageReports>
{
    public async Task Consume(ConsumeContext<ListUsageReports> context)
    {
        var m = context.Message;
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var booking = await BookingCopies.LoadAsync(uow, m.BookingId);
        if (booking is null || !UsageReports.CanSee(m.Caller, booking)) { await context.RespondNotFoundAsync("booking"); return; }
        var reports = await uow.QueryAsync<UsageReportRow>(
            $"select {UsageReports.Columns} from usage_reports where booking_id = @BookingId order by lower(period)", m);
        await context.RespondAsync(new UsageReportList(reports.Select(r => r.ToView()).ToList()));
    }
}

public sealed class GetUsageReportConsumer(Db db) : IConsumer<GetUsageReport>
{
    public async Task Consume(ConsumeContext<GetUsageReport> context)
    {
        var m = context.Message;
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var booking = await BookingCopies.LoadAsync(uow, m.BookingId);
        var report = booking is not null && UsageReports.CanSee(m.Caller, booking) ? await UsageReports.LoadAsync(uow, m.ReportId) : null;
        if (report is null || report.BookingId != m.BookingId) await context.RespondNotFoundAsync("usage report");
        else await context.RespondAsync(report.ToView());
    }
}
