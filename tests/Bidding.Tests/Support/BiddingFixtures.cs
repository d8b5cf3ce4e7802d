using Marketplace.Testing;
using Xunit;

namespace Marketplace.Bidding.Tests.Support;

/// <summary>
/// The whole marketplace with no clusters listed (nothing in this project lists one), so the allocation service never
/// places a bid: a bid changes status only through what a test does.
/// </summary>
public class QuietMarketFixture : MarketplaceFixture;

/// <summary>
/// The test classes that need nothing but a quiet market share one, to start five services once rather than per class.
/// They stay independent: every test works with organizations it creates itself.
/// </summary>
[CollectionDefinition(Name)]
public sealed class QuietMarket : ICollectionFixture<QuietMarketFixture>
{
    public const string Name = "quiet market";
}

/// <summary>The expiry sweeper runs every 200 ms, so a bid whose deadline a test moved into the next second expires promptly.</summary>
public sealed class FastSweepMarketFixture : QuietMarketFixture
{
    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        if (service == "bidding") settings["Bidding:SweepInterval"] = "00:00:00.200";
        return settings;
    }
}

/// <summary>
/// The expiry sweeper runs once at start-up and then not for an hour, so a bid whose deadline passed stays open until
/// something else (an award, a cancel) notices: that is the path these tests are about.
/// </summary>
public sealed class IdleSweepMarketFixture : QuietMarketFixture
{
    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        if (service == "bidding") settings["Bidding:SweepInterval"] = "01:00:00";
        return settings;
    }
}

/// <summary>The gateway waits at most a second for a service, so a test can make the bidding service answer too late.</summary>
public sealed class ImpatientGatewayMarketFixture : QuietMarketFixture
{
    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        if (service == "gateway") settings["Gateway:ServiceTimeout"] = "00:00:01";
        return settings;
    }
}

/// <summary>A gateway that waits six seconds for bidding: long enough for placements to queue behind one that hangs.</summary>
public sealed class SixSecondGatewayMarketFixture : QuietMarketFixture
{
    public static readonly TimeSpan ServiceTimeout = TimeSpan.FromSeconds(6);

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        if (service == "gateway") settings["Gateway:ServiceTimeout"] = ServiceTimeout.ToString("c");
        return settings;
    }
}

/// <summary>
/// The gateway reaches bidding's socket through a proxy a test can cut (docs/decisions/0016): the broker's way is then
/// the only one, or a batch's connection breaks while bidding holds it.
/// </summary>
public sealed class ProxiedBiddingMarketFixture : QuietMarketFixture
{
    public TcpProxy Proxy { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        if (service == "gateway")
        {
            Proxy = new TcpProxy("127.0.0.1", BiddingAddress!.Port);
            Proxy.Start();
            settings["Gateway:BiddingUrls:0"] = $"http://127.0.0.1:{Proxy.Port}";
        }
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Proxy is not null) await Proxy.DisposeAsync();
    }
}
