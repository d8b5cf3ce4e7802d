using Marketplace.Allocation.Rounds;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

/// <summary>Rounds a second apart at the least, so a test can tell a paced round from one that ran at once.</summary>
public sealed class PacedMarket : MarketplaceFixture
{
    public static readonly TimeSpan Pace = TimeSpan.FromSeconds(1);

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Allocation:RoundPace"] = Pace.ToString();
        return settings;
    }
}

/// <summary>
/// A round starts after the debounce, and no sooner than the pace after the last round started (ADR 0013): under a
/// stream of bids rounds come once per pace, each taking everything that arrived meanwhile.
/// </summary>
public sealed class When_rounds_are_paced(PacedMarket market) : IClassFixture<PacedMarket>
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan DefaultPace = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void Should_wait_only_the_debounce_for_the_first_round_and_after_a_quiet_spell()
    {
        Assert.Equal(Debounce, RoundPacing.DelayBeforeRound(null, Debounce, DefaultPace));
        Assert.Equal(Debounce, RoundPacing.DelayBeforeRound(TimeSpan.FromSeconds(5), Debounce, DefaultPace));
        Assert.Equal(Debounce, RoundPacing.DelayBeforeRound(TimeSpan.FromMilliseconds(190), Debounce, DefaultPace));
    }

    [Fact]
    public void Should_wait_until_the_pace_has_passed_since_the_last_round_started()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(150), RoundPacing.DelayBeforeRound(TimeSpan.FromMilliseconds(50), Debounce, DefaultPace));
        Assert.Equal(DefaultPace, RoundPacing.DelayBeforeRound(TimeSpan.Zero, Debounce, DefaultPace));
    }

    [Fact]
    public async Task Should_start_no_two_rounds_closer_than_the_pace_while_bids_keep_coming()
    {
        const string model = "B200-SXM-192GB";
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: model, nodeCount: 8, gpusPerNode: 8, ask: 1m));
        await AllocationAssertions.ClusterKnownAsync(market, cluster.Id);

        // Each bid is placed the moment the one before it has won, so each asks for a round right after one ran; without
        // the pace it would start within the debounce.
        for (var i = 0; i < 4; i++)
        {
            var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: model, gpuCount: 8, maxPrice: 2m));
            await MarketScenarios.WonAsync(tenant, bid.Id);
        }

        Assert.True(await AllocationAssertions.ScalarAsync(market, "allocation", $"select count(*) from rounds where gpu_model = '{model}'") >= 4);
        // started_at is read a few statements after the pace's clock starts (the markets with open bids, the market's
        // lock), which a loaded machine can stall: half the pace is margin enough, as rounds without it ran 0.2 s apart.
        var closestMs = await AllocationAssertions.ScalarAsync(market, "allocation",
            $"""
            select floor(min(extract(epoch from started_at - previous) * 1000))::bigint
            from (select started_at, lag(started_at) over (order by started_at) as previous from rounds where gpu_model = '{model}') r
            where previous is not null
            """);
        Assert.True(closestMs >= PacedMarket.Pace.TotalMilliseconds / 2, $"two rounds started {closestMs} ms apart");
    }
}
