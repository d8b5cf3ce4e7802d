using Marketplace.Hosting;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>Wakes the reconciliation worker when a run is started, instead of waiting for its next poll.</summary>
public sealed class ReconciliationSignal : WakeUpSignal;
