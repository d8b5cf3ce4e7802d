using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>
/// Records a run as 'running' and wakes the worker; the answer does not wait for the run. Create-by-id: the same id
/// again answers the run as it stands.
/// </summary>
public sealed class StartReconciliationConsumer(Db db, ReconciliationSignal signal) : IConsumer<StartReconciliation>
{
    public async Task Consume(ConsumeContext<StartReconciliation> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Admin) { await context.RespondForbiddenAsync("Only admins reconcile."); return; }
        var errors = new ValidationErrors();
        SettlementRules.ValidateReconciliationPeriod(errors, m.From, m.To);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        await uow.ExecuteAsync(
            """
            insert into reconciliations (id, period_from, period_to, requested_by) values (@ReconciliationId, @From, @To, @requestedBy)
            on conflict (id) do nothing
            """, new { m.ReconciliationId, m.From, m.To, requestedBy = m.Caller.OrganizationId });
        var run = await uow.QuerySingleAsync<(string Status, DateTime From, DateTime To)>(
            "select status, period_from, period_to from reconciliations where id = @ReconciliationId", m);
        await uow.CommitAsync(context.CancellationToken);
        signal.Notify();
        await context.RespondAsync(new ReconciliationStarted(m.ReconciliationId, run.Status,
            new DateTimeOffset(run.From, TimeSpan.Zero), new DateTimeOffset(run.To, TimeSpan.Zero)));
    }
}
