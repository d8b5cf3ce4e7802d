namespace Marketplace.Settlement.Ledger;

/// <summary>Account names as API.md shows them: "tenant:&lt;orgId&gt;", "provider:&lt;orgId&gt;", "platform".</summary>
public static class Accounts
{
    public const string Platform = "platform";

    public static string Tenant(Guid organizationId) => $"tenant:{organizationId}";
    public static string Provider(Guid organizationId) => $"provider:{organizationId}";
}

/// <summary>Entry kinds (API.md) and the transaction kinds that group them.</summary>
public static class EntryKinds
{
    public const string Charge = "charge";
    public const string Payout = "payout";
    public const string Fee = "fee";
    public const string Refund = "refund";
    public const string Credit = "credit";

    public static bool IsValid(string kind) => kind is Charge or Payout or Fee or Refund or Credit;
}
