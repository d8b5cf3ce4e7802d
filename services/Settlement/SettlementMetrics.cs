using System.Diagnostics.Metrics;
using Marketplace.Hosting.Database;

namespace Marketplace.Settlement;

/// <summary>The settlement service's meter: transactions posted to the ledger, by kind.</summary>
public sealed class SettlementMetrics
{
    public const string MeterName = "Marketplace.Settlement";
    private readonly Counter<long> _postings;

    public SettlementMetrics(IMeterFactory meters) =>
        _postings = meters.Create(MeterName).CreateCounter<long>("marketplace_settlement_ledger_postings", "{transaction}",
            "Balanced transactions posted to the ledger, by kind: charge, refund or credit (a repeated cause posts nothing).");

    public void Posted(UnitOfWork uow, string kind) =>
        uow.OnCommitted(() => _postings.Add(1, new KeyValuePair<string, object?>("kind", kind)));
}
