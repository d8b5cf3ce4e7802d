using Marketplace.Contracts.Settlement;
using Marketplace.Hosting;
using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>
/// Does the runs that are 'running'. A run is claimed with FOR UPDATE SKIP LOCKED and done inside that transaction, so
/// several instances never do the same run, and a crash (the lock goes with the connection) leaves the run 'running'
/// for any instance to pick up again. A run whose owners do not answer is retried with back-off, then marked failed.
/// </summary>
public sealed class ReconciliationWorker(
    Db db, IServiceScopeFactory scopes, ReconciliationSignal signal, IOptions<SettlementOptions> options, ILogger<ReconciliationWorker> logger)
    : PeriodicWorker(logger)
{
    protected override TimeSpan Interval => options.Value.ReconciliationPollInterval;

    protected override async Task<int> RunPassAsync(CancellationToken ct) => await RunNextAsync(ct) ? 1 : 0;

    /// <summary>A new run wakes the worker at once.</summary>
    protected override Task WaitAsync(TimeSpan interval, CancellationToken ct) => signal.WaitAsync(interval, ct);

    /// <summary>Claims and does one due run; false when there is none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        await using var uow = await db.BeginAsync(ct);
        var run = await uow.QuerySingleOrDefaultAsync<DueRun>(
            """
            select id, period_from, period_to, attempts from reconciliations
            where status = 'running' and next_attempt_at <= now()
            order by next_attempt_at limit 1 for update skip locked
            """);
        if (run is null) return false;

        await uow.SaveAsync("run", ct);
        try
        {
            using var scope = scopes.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<Reconciler>().RunAsync(uow, run.PeriodFrom, run.PeriodTo, ct);
            await RecordAsync(uow, run, result);
            await uow.CommitAsync(ct);
            logger.LogInformation("Reconciliation {Run} completed: {Bookings} bookings, {Findings} discrepancies", run.Id, result.Bookings, result.Findings.Count);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await uow.RollbackToAsync("run", ct);
            var attempts = run.Attempts + 1;
            var failed = attempts >= options.Value.ReconciliationMaxAttempts;
            logger.Log(failed ? LogLevel.Error : LogLevel.Warning, ex, "Reconciliation {Run} attempt {Attempt} failed{Final}",
                run.Id, attempts, failed ? "; giving up" : "; will retry");
            await uow.ExecuteAsync(
                """
                update reconciliations set attempts = @attempts, last_error = @error,
                       status = case when @failed then 'failed' else status end,
                       completed_at = case when @failed then now() end,
                       next_attempt_at = now() + @backoff
                where id = @Id
                """, new { run.Id, attempts, failed, error = ReconciliationFailures.Describe(ex), backoff = TimeSpan.FromSeconds(Math.Min(60, 5 * attempts)) });
            if (failed) await uow.PublishAsync(new ReconciliationCompleted(run.Id, run.PeriodFrom, run.PeriodTo, "failed", 0, DateTimeOffset.UtcNow));
            await uow.CommitAsync(ct);
        }
        return true;
    }

    /// <summary>
    /// Stores the run's findings and marks it completed; admins are told (DiscrepancyFound per finding, then
    /// ReconciliationCompleted) through the outbox, in the same transaction.
    /// </summary>
    private static async Task RecordAsync(UnitOfWork uow, DueRun run, ComparisonResult result)
    {
        var runId = run.Id;
        var seq = 0;
        var at = DateTimeOffset.UtcNow;
        var found = new List<DiscrepancyView>(result.Findings.Count);
        foreach (var f in result.Findings)
        {
            var id = Guid.CreateVersion7();
            await uow.ExecuteAsync(
                """
                insert into discrepancies (id, reconciliation_id, kind, booking_id, details, suggested_credit, tenant_id, provider_id, seq)
                values (@id, @runId, @Kind, @BookingId, @Details, @SuggestedCredit, @TenantId, @ProviderId, @seq)
                """, new { id, runId, f.Kind, f.BookingId, f.Details, f.SuggestedCredit, f.TenantId, f.ProviderId, seq = seq++ });
            var view = new DiscrepancyView(id, runId, f.Kind, f.BookingId, f.Details, f.SuggestedCredit, "open", null);
            found.Add(view);
            await uow.PublishAsync(new DiscrepancyFound(view, at));
        }
        await uow.PublishAsync(new ReconciliationCompleted(runId, run.PeriodFrom, run.PeriodTo, "completed", result.Findings.Count, at, found));
        await uow.ExecuteAsync(
            """
            update reconciliations set status = 'completed', completed_at = now(), last_error = null,
                   bookings = @Bookings, holds = @Holds, awards = @Awards, ledger_transactions = @LedgerTransactions, usage_reports = @UsageReports
            where id = @runId
            """, new { runId, result.Bookings, result.Holds, result.Awards, result.LedgerTransactions, result.UsageReports });
    }

    private sealed class DueRun
    {
        public Guid Id { get; init; }
        public DateTimeOffset PeriodFrom { get; init; }
        public DateTimeOffset PeriodTo { get; init; }
        public int Attempts { get; init; }
    }
}
