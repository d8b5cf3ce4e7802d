using Marketplace.Testing;
using Xunit;

namespace Marketplace.Cli.Tests;

/// <summary>A marketplace whose gateway lets each organization make 2 calls at once and then one a second.</summary>
public sealed class TightRateLimitMarket : MarketplaceFixture
{
    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        if (service == "gateway")
        {
            settings["Gateway:RateLimitBurst"] = "2";
            settings["Gateway:RateLimitPerSecond"] = "1";
        }
        return settings;
    }
}

/// <summary>
/// Issue 15: the CLI honours Retry-After. Against the real gateway's rate limit (429 with Retry-After), a burst of
/// commands each waits its turn and succeeds instead of failing.
/// </summary>
public sealed class When_the_gateway_asks_the_cli_to_slow_down(TightRateLimitMarket market) : IClassFixture<TightRateLimitMarket>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("market-cli-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Should_retry_after_429_and_succeed()
    {
        var created = await market.Admin().PostAsync<MarketplaceFixture.OrganizationCreated>("/v1/organizations",
            new { name = $"cli-slow-{Guid.NewGuid():N}"[..20], role = "tenant" });
        var cli = new CliRun(market, _home, new Dictionary<string, string> { ["MARKET_API_KEY"] = created.ApiKey });

        // Five calls against a bucket of two: at least three are answered 429 first and retried after Retry-After.
        var started = DateTimeOffset.UtcNow;
        var results = new List<CliRun.Result>();
        for (var i = 0; i < 5; i++) results.Add(await cli.RunAsync("bookings", "--json"));

        Assert.All(results, r => Assert.True(r.ExitCode == ExitCodes.Ok, r.Error));
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(2), "the calls were not held back by the rate limit");
    }
}
