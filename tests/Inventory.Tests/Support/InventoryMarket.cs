using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests.Support;

/// <summary>
/// One marketplace shared by the test classes that need no special settings: starting all five services is the
/// slow part, and every test works on clusters and organizations of its own, so they cannot see each other's data
/// except through lists, which the tests read with "contains", never with counts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InventoryMarket : ICollectionFixture<MarketplaceFixture>
{
    public const string Name = "inventory market";
}

/// <summary>A marketplace whose unconfirmed holds expire after two seconds and are swept five times a second.</summary>
public sealed class ShortHoldsMarketplace : MarketplaceFixture
{
    public static readonly TimeSpan HoldTimeout = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Inventory:HoldTimeout"] = HoldTimeout.ToString("c");
        settings["Inventory:SweepInterval"] = "00:00:00.200";
        return settings;
    }
}
