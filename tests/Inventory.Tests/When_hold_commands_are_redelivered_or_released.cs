using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Holds;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// DESIGN.md "Inbox": a redelivered command (same MessageId) is a no-op; a retried HoldNodes for a booking that already
/// holds answers the same. ReleaseNodes frees a booking's nodes, all of them or from a moment on.
/// </summary>
[Collection(InventoryMarket.Name)]
public sealed class When_hold_commands_are_redelivered_or_released(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_hold_once_when_the_same_HoldNodes_message_arrives_twice()
    {
        var cluster = await NewClusterAsync(nodeCount: 4);
        using var consumed = new ConsumedMessages(_inventory.Bus);
        var command = new HoldNodes(Guid.NewGuid(), cluster.Id, 2, cluster.AvailableFrom, cluster.AvailableFrom.AddHours(4));

        var messageId = await _inventory.SendAsync(command);
        await _inventory.OutcomeAsync(command.BookingId);
        await _inventory.SendAsync(command, messageId);
        await consumed.WaitAsync(messageId, times: 2);

        Assert.Single(await _inventory.OutcomesAsync(command.BookingId));
        Assert.Equal([0, 1], (await _inventory.HoldsOfAsync(command.BookingId)).Select(h => h.NodeIndex));

        // Even after the booking let its nodes go, the old message must not take them again.
        await _inventory.SendAsync(new ReleaseNodes(command.BookingId, null, "award refused"));
        Assert.Equal(nameof(NodesReleased), (await _inventory.OutcomeAsync(command.BookingId, 2)).Type);
        await _inventory.SendAsync(command, messageId);
        await consumed.WaitAsync(messageId, times: 3);
        Assert.Empty(await _inventory.HoldsOfAsync(command.BookingId));
        Assert.Equal(2, (await _inventory.OutcomesAsync(command.BookingId)).Count);
    }

    [Fact]
    public async Task Should_answer_the_same_nodes_when_a_booking_that_already_holds_asks_again()
    {
        var cluster = await NewClusterAsync(nodeCount: 4);
        var command = new HoldNodes(Guid.NewGuid(), cluster.Id, 3, cluster.AvailableFrom, cluster.AvailableFrom.AddHours(4));

        await _inventory.SendAsync(command);
        var first = await _inventory.OutcomeAsync(command.BookingId);
        await _inventory.SendAsync(command); // a new message id: the sender retried, it is not a redelivery
        var second = await _inventory.OutcomeAsync(command.BookingId, 2);

        Assert.Equal(nameof(NodesHeld), second.Type);
        Assert.Equal(first.NodeIndexes, second.NodeIndexes);
        Assert.Equal(first.Body["confirmBy"]!.GetValue<DateTimeOffset>(), second.Body["confirmBy"]!.GetValue<DateTimeOffset>());
        Assert.Equal(3, (await _inventory.HoldsOfAsync(command.BookingId)).Count);
    }

    [Fact]
    public async Task Should_confirm_once_when_the_same_ConfirmHold_message_arrives_twice()
    {
        var cluster = await NewClusterAsync(nodeCount: 2);
        using var consumed = new ConsumedMessages(_inventory.Bus);
        var booking = Guid.NewGuid();
        var (startsAt, endsAt) = (cluster.AvailableFrom, cluster.AvailableFrom.AddHours(3));
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, 2, startsAt, endsAt));
        await _inventory.OutcomeAsync(booking);

        var confirm = new ConfirmHold(booking, cluster.Id, 2, startsAt, endsAt);
        var messageId = await _inventory.SendAsync(confirm);
        var confirmed = await _inventory.OutcomeAsync(booking, 2);
        Assert.Equal(nameof(HoldConfirmed), confirmed.Type);
        Assert.Equal([0, 1], confirmed.NodeIndexes);
        Assert.All(await _inventory.HoldsOfAsync(booking), h => Assert.Equal(("booked", (DateTimeOffset?)null), (h.Status, h.ExpiresAt)));

        // Released (the booking was cancelled), then the old ConfirmHold is redelivered: it must not book the nodes again.
        await _inventory.SendAsync(new ReleaseNodes(booking, null, "cancelled by admin"));
        await _inventory.OutcomeAsync(booking, 3);
        await _inventory.SendAsync(confirm, messageId);
        await consumed.WaitAsync(messageId, times: 2);
        Assert.Empty(await _inventory.HoldsOfAsync(booking));
        Assert.Equal(3, (await _inventory.OutcomesAsync(booking)).Count);
    }

    [Fact]
    public async Task Should_release_once_when_the_same_ReleaseNodes_message_arrives_twice()
    {
        var cluster = await NewClusterAsync(nodeCount: 1);
        using var consumed = new ConsumedMessages(_inventory.Bus);
        var booking = Guid.NewGuid();
        var t0 = cluster.AvailableFrom;
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, 1, t0, t0.AddHours(10)));
        await _inventory.OutcomeAsync(booking);

        var release = new ReleaseNodes(booking, t0.AddHours(6), "cancelled by tenant");
        var messageId = await _inventory.SendAsync(release);
        await _inventory.OutcomeAsync(booking, 2);
        await _inventory.SendAsync(release, messageId);
        await consumed.WaitAsync(messageId, times: 2);

        Assert.Equal(2, (await _inventory.OutcomesAsync(booking)).Count);
        var hold = Assert.Single(await _inventory.HoldsOfAsync(booking));
        Assert.Equal((t0, t0.AddHours(6)), (hold.StartsAt, hold.EndsAt));
    }

    [Fact]
    public async Task Should_free_all_of_a_bookings_nodes_on_a_whole_release()
    {
        var cluster = await NewClusterAsync(nodeCount: 3);
        var t0 = cluster.AvailableFrom;
        var booking = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, 3, t0, t0.AddHours(5)));
        await _inventory.OutcomeAsync(booking);
        await _inventory.SendAsync(new ConfirmHold(booking, cluster.Id, 3, t0, t0.AddHours(5)));
        await _inventory.OutcomeAsync(booking, 2);

        await _inventory.SendAsync(new ReleaseNodes(booking, null, "award refused"));
        var released = await _inventory.OutcomeAsync(booking, 3);

        Assert.Equal(nameof(NodesReleased), released.Type);
        Assert.Equal("award refused", released.Reason);
        Assert.Empty(await _inventory.HoldsOfAsync(booking));
        var next = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(next, cluster.Id, 3, t0, t0.AddHours(5)));
        Assert.Equal(nameof(NodesHeld), (await _inventory.OutcomeAsync(next)).Type);
    }

    [Fact]
    public async Task Should_free_only_the_hours_from_the_given_moment_on_a_partial_release()
    {
        var cluster = await NewClusterAsync(nodeCount: 2);
        var t0 = cluster.AvailableFrom;
        var booking = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(booking, cluster.Id, 2, t0, t0.AddHours(10)));
        await _inventory.OutcomeAsync(booking);
        await _inventory.SendAsync(new ConfirmHold(booking, cluster.Id, 2, t0, t0.AddHours(10)));
        await _inventory.OutcomeAsync(booking, 2);

        await _inventory.SendAsync(new ReleaseNodes(booking, t0.AddHours(4), "cancelled by admin"));
        Assert.Equal(nameof(NodesReleased), (await _inventory.OutcomeAsync(booking, 3)).Type);

        Assert.All(await _inventory.HoldsOfAsync(booking), h => Assert.Equal((t0, t0.AddHours(4), "booked"), (h.StartsAt, h.EndsAt, h.Status)));
        Assert.Equal(2, (await _inventory.HoldsOfAsync(booking)).Count);
        var overlapsKept = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(overlapsKept, cluster.Id, 1, t0.AddHours(3), t0.AddHours(5)));
        Assert.Equal(nameof(NodesUnavailable), (await _inventory.OutcomeAsync(overlapsKept)).Type);
        var inFreedHours = Guid.NewGuid();
        await _inventory.SendAsync(new HoldNodes(inFreedHours, cluster.Id, 2, t0.AddHours(4), t0.AddHours(10)));
        Assert.Equal(nameof(NodesHeld), (await _inventory.OutcomeAsync(inFreedHours)).Type);

        // Releasing from the start (or before it) frees everything that is left.
        await _inventory.SendAsync(new ReleaseNodes(booking, t0.AddHours(-2), "cancelled by admin"));
        await _inventory.OutcomeAsync(booking, 4);
        Assert.Empty(await _inventory.HoldsOfAsync(booking));
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    /// <summary>
    /// After a release nothing takes nodes for the booking again, whichever step arrives late with a message id of its
    /// own (a retried send, the watchdog's re-send): a hold, a round's batch of holds, or an outage's move.
    /// </summary>
    [Fact]
    public async Task Should_take_no_nodes_for_a_hold_or_a_move_that_arrives_after_the_release()
    {
        var cluster = await NewClusterAsync(nodeCount: 2);
        var elsewhere = await NewClusterAsync(nodeCount: 2);
        var t0 = cluster.AvailableFrom;
        var booking = Guid.NewGuid();
        var hold = new HoldNodes(booking, cluster.Id, 2, t0, t0.AddHours(4));
        await _inventory.SendAsync(hold);
        Assert.Equal(nameof(NodesHeld), (await _inventory.OutcomeAsync(booking)).Type);
        await _inventory.SendAsync(new ReleaseNodes(booking, null, "award refused"));
        Assert.Equal(nameof(NodesReleased), (await _inventory.OutcomeAsync(booking, 2)).Type);

        await _inventory.SendAsync(hold);
        var single = await _inventory.OutcomeAsync(booking, 3);
        Assert.Equal((nameof(NodesUnavailable), NodeHolds.ReleasedRefusal), (single.Type, single.Reason));

        var batch = await _inventory.SendAsync(new HoldNodesBatch([hold]));
        var answered = await Eventually.Until(() => _inventory.QueryAsync<string>(
                "select body::text from outbox where body->'unavailable' @> jsonb_build_array(jsonb_build_object('bookingId', @id::text))",
                new { id = booking }), rows => rows.Count == 1, what: $"the answer to batch {batch}");
        Assert.Contains(NodeHolds.ReleasedRefusal, answered.Single());

        var outage = Guid.NewGuid();
        await _inventory.SendAsync(new MoveBooking(outage, booking, cluster.Id, t0, t0.AddHours(4), [new MoveCandidate(elsewhere.Id, 2)]));
        var move = await _inventory.OutcomeAsync(booking, nameof(BookingMoveAnswered));
        Assert.Null(move.Body["toClusterId"]?.GetValue<Guid?>());
        Assert.Equal(NodeHolds.ReleasedRefusal, move.Body["refusal"]!.GetValue<string>());

        Assert.Empty(await _inventory.HoldsOfAsync(booking));
        Assert.Empty(await _inventory.HoldsOnAsync(elsewhere.Id));
    }

    private async Task<ClusterDto> NewClusterAsync(int nodeCount)
    {
        var provider = await market.NewOrganizationAsync("provider");
        return await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: nodeCount));
    }
}
