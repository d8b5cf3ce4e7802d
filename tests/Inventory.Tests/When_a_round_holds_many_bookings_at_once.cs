using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Contracts.Inventory;
using Marketplace.Inventory.Tests.Support;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Inventory.Tests;

/// <summary>
/// A round's holds arrive as one HoldNodesBatch and are answered by one HoldsAnswered; each item means what a single
/// HoldNodes means (all of its nodes or none, a retry answers what it holds), and batches racing for the same nodes
/// never hold one twice.
/// </summary>
[Collection(InventoryMarket.Name)]
public sealed class When_a_round_holds_many_bookings_at_once(MarketplaceFixture market)
{
    private readonly InventoryDriver _inventory = new(market);

    [Fact]
    public async Task Should_answer_every_item_in_one_message_and_hold_each_all_or_nothing()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var startsAt = cluster.AvailableFrom.AddHours(1);
        var items = Enumerable.Range(0, 3).Select(_ => new HoldNodes(Guid.NewGuid(), cluster.Id, 2, startsAt, startsAt.AddHours(4)))
            .Append(new HoldNodes(Guid.NewGuid(), Guid.NewGuid(), 1, startsAt, startsAt.AddHours(4)))
            .ToList();

        await _inventory.SendAsync(new HoldNodesBatch(items));
        var answer = await AnswerAsync("HoldsAnswered", items[0].BookingId);

        var held = answer["held"]!.AsArray();
        var unavailable = answer["unavailable"]!.AsArray();
        Assert.Equal(2, held.Count);
        Assert.Equal(2, unavailable.Count); // one did not fit, one names no cluster
        Assert.Contains(unavailable, u => u!["bookingId"]!.GetValue<string>() == items[3].BookingId.ToString());
        Assert.Equal(4, (await _inventory.HoldsOnAsync(cluster.Id)).Count);
        foreach (var refused in unavailable) Assert.Empty(await _inventory.HoldsOfAsync(Guid.Parse(refused!["bookingId"]!.GetValue<string>())));
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());

        // The whole batch again under a new message id (the watchdog re-sending): same nodes, nothing more taken.
        await _inventory.SendAsync(new HoldNodesBatch(items));
        await Eventually.True(async () => (await AnswersAsync("HoldsAnswered", items[0].BookingId)).Count == 2, what: "second answer");
        Assert.Equal(4, (await _inventory.HoldsOnAsync(cluster.Id)).Count);

        // Confirming them is one command and one answer too.
        var heldIds = held.Select(h => Guid.Parse(h!["bookingId"]!.GetValue<string>())).ToList();
        await _inventory.SendAsync(new ConfirmHoldBatch(heldIds.Select(id => new ConfirmHold(id, cluster.Id, 2, startsAt, startsAt.AddHours(4))).ToList()));
        var confirmed = (await AnswerAsync("ConfirmsAnswered", heldIds[0]))["confirmed"]!.AsArray();
        Assert.Equal(2, confirmed.Count);
        Assert.All(await _inventory.HoldsOnAsync(cluster.Id), h => Assert.Equal("booked", h.Status));
    }

    [Fact]
    public async Task Should_never_hold_a_node_twice_when_batches_race_for_the_same_nodes()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var startsAt = cluster.AvailableFrom.AddHours(2);
        var batches = Enumerable.Range(0, 6)
            .Select(_ => Enumerable.Range(0, 3).Select(_ => new HoldNodes(Guid.NewGuid(), cluster.Id, 1, startsAt, startsAt.AddHours(2))).ToList())
            .ToList();

        await Task.WhenAll(batches.Select(b => _inventory.SendAsync(new HoldNodesBatch(b))));
        var outcomes = await Task.WhenAll(batches.Select(b => AnswerAsync("HoldsAnswered", b[0].BookingId)));

        Assert.Equal(4, outcomes.Sum(o => o["held"]!.AsArray().Count));
        Assert.Equal(14, outcomes.Sum(o => o["unavailable"]!.AsArray().Count));
        Assert.Equal(4, (await _inventory.HoldsOnAsync(cluster.Id)).Count);
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    [Fact]
    public async Task Should_give_bookings_of_a_batch_whose_hours_overlap_different_nodes_and_the_others_the_same_ones()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var at = cluster.AvailableFrom.AddHours(1);
        // A batch is held in booking id order (per cluster): these ids are in the order written.
        var ids = new Queue<Guid>(Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).Order());
        HoldNodes Booking(int nodes, int fromHour, int toHour) => new(ids.Dequeue(), cluster.Id, nodes, at.AddHours(fromHour), at.AddHours(toHour));
        var early = Booking(2, 0, 4);
        var middle = Booking(2, 2, 6);  // overlaps early: the other two nodes
        var late = Booking(2, 6, 10);   // overlaps neither: the lowest nodes again
        var squeezed = Booking(1, 1, 3); // overlaps early and middle, which hold all four nodes then
        var items = new List<HoldNodes> { squeezed, late, middle, early };
        var racedBefore = Metrics.HoldsRacedSoFar;

        await _inventory.SendAsync(new HoldNodesBatch(items));
        var answer = await AnswerAsync("HoldsAnswered", early.BookingId);

        var earlyNodes = await NodesOf(early);
        var middleNodes = await NodesOf(middle);
        Assert.Equal(2, earlyNodes.Length);
        Assert.Equal(2, middleNodes.Length);
        Assert.Empty(earlyNodes.Intersect(middleNodes));
        Assert.Equal(new[] { 0, 1 }, await NodesOf(late));
        Assert.Empty(await NodesOf(squeezed));
        var refused = Assert.Single(answer["unavailable"]!.AsArray());
        Assert.Equal(squeezed.BookingId.ToString(), refused!["bookingId"]!.GetValue<string>());
        Assert.Equal("only 0 of 1 nodes free for that period", refused["reason"]!.GetValue<string>());
        Assert.Equal(3, answer["held"]!.AsArray().Count);
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
        // The batch shared its nodes out itself: no booking had to look again for nodes it was given twice.
        Assert.Equal(racedBefore, Metrics.HoldsRacedSoFar);
    }

    [Fact]
    public async Task Should_look_again_for_a_node_another_transaction_took_between_reading_and_holding()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var at = cluster.AvailableFrom.AddHours(1);
        var ids = Enumerable.Range(0, 2).Select(_ => Guid.NewGuid()).Order().ToArray();
        var first = new HoldNodes(ids[0], cluster.Id, 2, at, at.AddHours(4));  // given nodes 0 and 1
        var second = new HoldNodes(ids[1], cluster.Id, 1, at, at.AddHours(4)); // given node 2
        var racedBefore = Metrics.HoldsRacedSoFar;

        // Another transaction holds node 0 and has not committed: the batch reads nodes 0 to 3 as free, and its insert
        // waits for that transaction on node 0, which then commits.
        await SendWhileAnotherTransactionHoldsAsync(new HoldNodesBatch([second, first]), cluster.Id, [0], at, at.AddHours(4));

        var answer = await AnswerAsync("HoldsAnswered", first.BookingId);
        Assert.Equal(2, answer["held"]!.AsArray().Count);
        Assert.Equal(new[] { 1, 3 }, await NodesOf(first)); // node 1 from the batch, node 3 found when it looked again
        Assert.Equal(new[] { 2 }, await NodesOf(second));
        Assert.Equal(racedBefore + 1, Metrics.HoldsRacedSoFar);
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    [Fact]
    public async Task Should_hold_a_booking_refused_for_want_of_nodes_when_a_race_gave_nodes_back()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(nodeCount: 4));
        var at = cluster.AvailableFrom.AddHours(1);
        var ids = Enumerable.Range(0, 2).Select(_ => Guid.NewGuid()).Order().ToArray();
        var large = new HoldNodes(ids[0], cluster.Id, 3, at, at.AddHours(4));  // given nodes 0 to 2
        var small = new HoldNodes(ids[1], cluster.Id, 2, at, at.AddHours(4));  // only node 3 left for it: refused in the share-out

        // Another transaction takes nodes 0 and 1 between the batch's read and its insert: the large booking cannot be
        // held after all, which leaves nodes 2 and 3 for the small one.
        await SendWhileAnotherTransactionHoldsAsync(new HoldNodesBatch([large, small]), cluster.Id, [0, 1], at, at.AddHours(4));

        var answer = await AnswerAsync("HoldsAnswered", large.BookingId);
        var refused = Assert.Single(answer["unavailable"]!.AsArray());
        Assert.Equal(large.BookingId.ToString(), refused!["bookingId"]!.GetValue<string>());
        Assert.Equal("only 2 of 3 nodes free for that period", refused["reason"]!.GetValue<string>());
        Assert.Empty(await _inventory.HoldsOfAsync(large.BookingId));
        Assert.Equal(new[] { 2, 3 }, await NodesOf(small));
        Assert.Equal(0, await _inventory.OverlappingPairsAsync());
    }

    /// <summary>
    /// Sends the batch while another transaction holds these nodes and has not committed (the batch's read cannot see
    /// them), and commits that transaction once the batch's insert waits for it: the nodes are taken between the batch's
    /// two statements.
    /// </summary>
    private async Task SendWhileAnotherTransactionHoldsAsync(HoldNodesBatch batch, Guid clusterId, int[] nodes, DateTimeOffset from, DateTimeOffset until)
    {
        await using var other = _inventory.Connect();
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync(
            """
            insert into node_holds (booking_id, cluster_id, node_index, period, status)
            select @booking, @clusterId, n, tstzrange(@from, @until, '[)'), 'booked' from unnest(@nodes) as n
            """, new { booking = Guid.NewGuid(), clusterId, nodes, from, until }, transaction);
        await _inventory.SendAsync(batch);
        await Eventually.True(async () => (await _inventory.QueryAsync<long>(
            "select count(*) from pg_stat_activity where @pid = any(pg_blocking_pids(pid))", new { pid = other.ProcessID }))[0] > 0,
            what: "the batch's insert waiting for the other transaction");
        await transaction.CommitAsync();
    }

    /// <summary>The nodes a booking holds, in order.</summary>
    private async Task<int[]> NodesOf(HoldNodes booking) =>
        (await _inventory.HoldsOfAsync(booking.BookingId)).Select(h => h.NodeIndex).Order().ToArray();

    private InventoryMetrics Metrics => market.InventoryHost.Services.GetRequiredService<InventoryMetrics>();

    private async Task<List<JsonObject>> AnswersAsync(string type, Guid bookingId) =>
        (await _inventory.QueryAsync<string>(
            $"""
            select body::text from outbox
            where message_type like '%.{type},%'
              and jsonb_path_exists(body, '$.*[*] ? (@.bookingId == $id)', jsonb_build_object('id', @id))
            order by id
            """, new { id = bookingId.ToString() }))
        .Select(b => JsonNode.Parse(b)!.AsObject()).ToList();

    private async Task<JsonObject> AnswerAsync(string type, Guid bookingId) =>
        (await Eventually.Until(() => AnswersAsync(type, bookingId), a => a.Count > 0, what: $"{type} for booking {bookingId}"))[0];
}
