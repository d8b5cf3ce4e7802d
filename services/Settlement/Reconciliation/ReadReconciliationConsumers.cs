using Dapper;
using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Settlement.Discrepancies;
using MassTransit;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>A run with its counts and discrepancies (admins).</summary>
public sealed class GetReconciliationConsumer(Db db) : IConsumer<GetReconciliation>
{
    public async Task Consume(ConsumeContext<GetReconciliation> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Admin) { await context.RespondForbiddenAsync("Only admins reconcile."); return; }
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var run = await uow.QuerySingleOrDefaultAsync<RunRow>("select * from reconciliations where id = @ReconciliationId", m);
        if (run is null) { await context.RespondNotFoundAsync("reconciliation"); return; }
        var discrepancies = await DiscrepancyViews.OfRunAsync(uow, run.Id);
        await context.RespondAsync(new ReconciliationView(run.Id, run.PeriodFrom, run.PeriodTo, run.Status,
            new ReconciliationCounts(run.Bookings, run.Holds, run.Awards, run.LedgerTransactions, run.UsageReports),
            discrepancies, run.CreatedAt, run.CompletedAt, run.LastError));
    }
}

/// <summary>Runs, newest first (admins).</summary>
public sealed class ListReconciliationsConsumer(Db db) : IConsumer<ListReconciliations>
{
    public async Task Consume(ConsumeContext<ListReconciliations> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Admin) { await context.RespondForbiddenAsync("Only admins reconcile."); return; }
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, m.Limit, m.Cursor);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        var keyset = new SqlFilters().AddIf(after is not null, "(r.created_at, r.id) < (@afterAt, @afterId)");
        var rows = (await db.ReadAsync(c => c.QueryAsync<SummaryRow>(
            $"""
            select r.id, r.period_from, r.period_to, r.status, r.created_at, r.completed_at,
                   (select count(*)::int from discrepancies d where d.reconciliation_id = r.id) as discrepancies
            from reconciliations r
            {keyset.Where}
            order by r.created_at desc, r.id desc limit @take
            """, new { afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = m.Limit + 1 }), context.CancellationToken)).AsList();
        var next = PageCursor.Next(rows, m.Limit, r => new PageCursor(r.CreatedAt, r.Id));
        await context.RespondAsync(new ReconciliationPage(
            rows.Select(r => new ReconciliationSummary(r.Id, r.PeriodFrom, r.PeriodTo, r.Status, r.Discrepancies, r.CreatedAt, r.CompletedAt)).ToList(), next));
    }

    private sealed class SummaryRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset PeriodFrom { get; init; }
        public DateTimeOffset PeriodTo { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? CompletedAt { get; init; }
        public int Discrepancies { get; init; }
    }
}

internal sealed class RunRow
{
    public Guid Id { get; init; }
    public DateTimeOffset PeriodFrom { get; init; }
    public DateTimeOffset PeriodTo { get; init; }
    public string Status { get; init; } = "";
    public int Bookings { get; init; }
    public int Holds { get; init; }
    public int Awards { get; init; }
    public int LedgerTransactions { get; init; }
    public int UsageReports { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? LastError { get; init; }
}
