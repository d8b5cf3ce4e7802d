namespace Marketplace.Settlement;

public sealed class SettlementOptions
{
    public const string Section = "Settlement";
    /// <summary>The platform's share of every charge (0.10 = 10%).</summary>
    public decimal PlatformFeeRate { get; set; } = 0.10m;
}
