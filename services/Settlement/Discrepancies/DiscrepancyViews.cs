using Marketplace.Contracts.Settlement;
using Marketplace.Hosting.Database;

namespace Marketplace.Settlement.Discrepancies;

/// <summary>Discrepancies as API.md shows them: open, or resolved with the resolution recorded for their (kind, booking).</summary>
public static class DiscrepancyViews
{
    private const string Select = """
        select d.id, d.reconciliation_id, d.kind, d.booking_id, d.details, d.suggested_credit, d.tenant_id, d.provider_id,
               r.action, r.amount, r.note, r.resolved_by, r.resolved_at, r.ledger_transaction_id, r.outcome
        from discrepancies d left join discrepancy_resolutions r on r.kind = d.kind and r.booking_id = d.booking_id
        """;

    public static async Task<IReadOnlyList<DiscrepancyView>> OfRunAsync(UnitOfWork uow, Guid runId) =>
        (await uow.QueryAsync<Row>($"{Select} where d.reconciliation_id = @runId order by d.seq", new { runId })).Select(r => r.ToView()).ToList();

    public static Task<Row?> LoadAsync(UnitOfWork uow, Guid id) =>
        uow.QuerySingleOrDefaultAsync<Row>($"{Select} where d.id = @id", new { id });

    public sealed class Row
    {
        public Guid Id { get; init; }
        public Guid ReconciliationId { get; init; }
        public string Kind { get; init; } = "";
        public Guid BookingId { get; init; }
        public string Details { get; init; } = "";
        public decimal? SuggestedCredit { get; init; }
        public Guid? TenantId { get; init; }
        public Guid? ProviderId { get; init; }
        public string? Action { get; init; }
        public decimal? Amount { get; init; }
        public string? Note { get; init; }
        public Guid? ResolvedBy { get; init; }
        public DateTimeOffset? ResolvedAt { get; init; }
        public Guid? LedgerTransactionId { get; init; }
        public string? Outcome { get; init; }

        public bool IsResolved => Action is not null;

        public DiscrepancyView ToView() => new(Id, ReconciliationId, Kind, BookingId, Details, SuggestedCredit,
            IsResolved ? "resolved" : "open",
            IsResolved ? new ResolutionView(Action!, Amount, Note, ResolvedBy!.Value, ResolvedAt!.Value, LedgerTransactionId, Outcome!) : null);
    }
}
