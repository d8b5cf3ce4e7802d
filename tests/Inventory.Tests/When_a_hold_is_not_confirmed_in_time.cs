using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// DESIGN.md: a hold not confirmed by its deadline is released by the inventory service itself (HoldExpirySweeper);
/// a late ConfirmHold takes the nodes again when they are still free, else reports HoldLost.
/// Here holds expire after two seconds.
/// </summary>
public sealed class When_a_hold_is_not_confirmed_in_time(ShortHoldsMarketplace market) : IClassFixture<ShortHoldsMarketplace>
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_release_the_nodes_at_the_deadline_and_say_so()
    {
        var cluster = await NewClusterAsync(nodeCount: 2);
        var booking = Guid.NewGuid();
        var (startsAt, endsAt) = (cluster.AvailableFrom, cluster.AvailableFrom.AddHours(6));
        var sentAt = DateTimeOffset.UtcNow;
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, 2, startsAt, endsAt));
        var held = await _inventory.OutcomeAsync(booking);
        Assert.Equal(nameof(NodesHeld), held.Type);
        var confirmBy = held.Body["confirmBy"]!.GetValue<DateTimeOffset>();
        Assert.InRange(confirmBy, sentAt + ShortHoldsMarketplace.HoldTimeout, DateTimeOffset.UtcNow + ShortHoldsMarketplace.HoldTimeout);

        var released = await _inventory.OutcomeAsync(booking, 2);

        Assert.Equal(nameof(NodesReleased), released.Type);
        Assert.Equal("hold expired", released.Reason);
        Assert.True(DateTimeOffset.UtcNow >= confirmBy, "released before its deadline");
        Assert.Empty(await _inventory.HoldsOfAsync(booking));
        var next = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(next, cluster.Id, 2, startsAt, endsAt));
        Assert.Equal(nameof(NodesHeld), (await _inventory.OutcomeAsync(next)).Type);
    }

    [Fact]
    public async Task Should_keep_a_confirmed_hold_past_the_deadline()
    {
        var cluster = await NewClusterAsync(nodeCount: 2);
        var (startsAt, endsAt) = (cluster.AvailableFrom, cluster.AvailableFrom.AddHours(6));
        var confirmed = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(confirmed, cluster.Id, 1, startsAt, endsAt));
        await _inventory.OutcomeAsync(confirmed, nameof(NodesHeld));
        await _inventory.SendAsync(new ConfirmHold(confirmed, cluster.Id, 1, startsAt, endsAt));
        await _inventory.OutcomeAsync(confirmed, nameof(HoldConfirmed));

        // Held after the first one was confirmed: once this one is swept, the first one's deadline has long passed.
        var unconfirmed = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(unconfirmed, cluster.Id, 1, startsAt, endsAt));
        await _inventory.OutcomeAsync(unconfirmed, nameof(NodesReleased));

        var hold = Assert.Single(await _inventory.HoldsOfAsync(confirmed));
        Assert.Equal(("booked", (DateTimeOffset?)null), (hold.Status, hold.ExpiresAt));
        var outcomes = await _inventory.OutcomesAsync(confirmed);
        Assert.Equal(nameof(HoldConfirmed), outcomes[^1].Type);
    }

    [Fact]
    public async Task Should_take_the_nodes_again_when_confirmed_after_expiry_and_they_are_still_free()
    {
        var cluster = await NewClusterAsync(nodeCount: 3);
        var booking = Guid.NewGuid();
        var (startsAt, endsAt) = (cluster.AvailableFrom.AddHours(2), cluster.AvailableFrom.AddHours(8));
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, 2, startsAt, endsAt));
        await _inventory.OutcomeAsync(booking);
        Assert.Equal(nameof(NodesReleased), (await _inventory.OutcomeAsync(booking, 2)).Type);

        await _inventory.SendAsync(new ConfirmHold(booking, cluster.Id, 2, startsAt, endsAt));
        var confirmed = await _inventory.OutcomeAsync(booking, 3);

        Assert.Equal(nameof(HoldConfirmed), confirmed.Type);
        var holds = await _inventory.HoldsOfAsync(booking);
        Assert.Equal(confirmed.NodeIndexes, holds.Select(h => h.NodeIndex));
        Assert.All(holds, h => Assert.Equal((startsAt, endsAt, "booked", (DateTimeOffset?)null), (h.StartsAt, h.EndsAt, h.Status, h.ExpiresAt)));
    }

    [Fact]
    public async Task Should_report_HoldLost_when_confirmed_after_expiry_and_the_nodes_were_taken()
    {
        var cluster = await NewClusterAsync(nodeCount: 2);
        var late = Guid.NewGuid();
        var (startsAt, endsAt) = (cluster.AvailableFrom, cluster.AvailableFrom.AddHours(6));
        await _inventory.SendAsync(new HoldNodes(late, cluster.Id, 2, startsAt, endsAt));
        await _inventory.OutcomeAsync(late);
        Assert.Equal(nameof(NodesReleased), (await _inventory.OutcomeAsync(late, 2)).Type);
        var taker = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(taker, cluster.Id, 1, startsAt.AddHours(5), endsAt.AddHours(5)));
        Assert.Equal(nameof(NodesHeld), (await _inventory.OutcomeAsync(taker)).Type);
        await _inventory.SendAsync(new ConfirmHold(taker, cluster.Id, 1, startsAt.AddHours(5), endsAt.AddHours(5)));
        await _inventory.OutcomeAsync(taker, nameof(HoldConfirmed));

        await _inventory.SendAsync(new ConfirmHold(late, cluster.Id, 2, startsAt, endsAt));
        var lost = await _inventory.OutcomeAsync(late, 3);

        Assert.Equal(nameof(HoldLost), lost.Type);
        Assert.False(string.IsNullOrEmpty(lost.Reason));
        Assert.Empty(await _inventory.HoldsOfAsync(late));
        Assert.Single(await _inventory.HoldsOfAsync(taker));
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    private async Task<ClusterDto> NewClusterAsync(int nodeCount)
    {
        var provider = await market.NewOrganizationAsync("provider");
        return await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: nodeCount));
    }
}
