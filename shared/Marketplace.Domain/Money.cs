namespace Marketplace.Domain;

/// <summary>USD amounts carry at most 4 decimals on the wire and in the ledger.</summary>
public static class Money
{
    public const int Scale = 4;

    public static decimal Round(decimal amount) => Math.Round(amount, Scale, MidpointRounding.ToEven);

    public static bool HasAtMostScale(decimal amount) => Math.Round(amount, Scale) == amount;
}
