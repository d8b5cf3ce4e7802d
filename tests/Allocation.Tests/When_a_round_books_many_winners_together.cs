using Marketplace.Allocation.Bookings;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// A round's winners travel together: one command per workflow step and service for the whole round, one answer each,
/// instead of a message chain per booking. And the booking state machine refuses any move its table does not allow.
/// </summary>
public sealed class When_a_round_books_many_winners_together(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    private const string Model = "L40S-48GB";

    [Fact]
    public async Task Should_move_the_whole_round_with_one_command_per_step()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: Model, nodeCount: 8, gpusPerNode: 4, ask: 0.8m));
        await AllocationAssertions.ClusterKnownAsync(market, cluster.Id);

        // Bids placed while allocation is stopped all wait for its first round, which places them together.
        await market.StopAsync("allocation");
        var bids = new List<BidDto>();
        for (var i = 0; i < 6; i++) bids.Add(await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: Model, gpuCount: 4, maxPrice: 1m)));
        await market.StartAgainAsync("allocation");

        var won = new List<BidDto>();
        foreach (var bid in bids) won.Add(await MarketScenarios.WonAsync(tenant, bid.Id));
        foreach (var bid in won)
            await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{bid.BookingId}"), b => b.ClusterId == cluster.Id);

        // Usually one round decides all six. On a loaded machine allocation may take the queued placements in two
        // deliveries a round apart; either way the bids were decided together, and each round's winners moved as one command per step.
        var rounds = await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(distinct round_id) from bookings where bid_id in ({string.Join(", ", bids.Select(b => $"'{b.Id}'"))})");
        Assert.InRange(rounds, 1, bids.Count / 2);
        foreach (var step in new[] { "HoldNodesBatch", "AwardBidBatch", "ConfirmHoldBatch", "BookingsConfirmed" })
            Assert.InRange(await OutboxItemsAsync(step, won.Select(b => b.BookingId!.Value)), 1, rounds);
        Assert.Equal(0, await AllocationAssertions.ScalarAsync(market, "allocation",
            "select count(*) from outbox where message_type like '%.HoldNodes,%' or message_type like '%.AwardBid,%' or message_type like '%.ConfirmHold,%'"));
        Assert.Equal(0, await AllocationAssertions.ScalarAsync(market, "allocation", "select count(*) from rounds where finished_at < started_at"));
    }

    [Fact]
    public async Task Should_refuse_a_state_change_its_table_does_not_allow()
    {
        Assert.True(BookingStates.CanMove(BookingStates.Holding, BookingStates.Awarding));
        Assert.True(BookingStates.CanMove(BookingStates.Confirmed, BookingStates.Cancelled));
        Assert.False(BookingStates.CanMove(BookingStates.Confirmed, BookingStates.Holding));
        Assert.False(BookingStates.CanMove(BookingStates.Void, BookingStates.Awarding));
        Assert.False(BookingStates.CanMove(BookingStates.Cancelled, BookingStates.Confirmed));

        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "A10G-24GB", nodeCount: 1, gpusPerNode: 4, ask: 0.5m));
        var bid = await MarketScenarios.WonAsync(tenant,
            (await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A10G-24GB", gpuCount: 4, maxPrice: 1m))).Id);
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from bookings where id = '{bid.BookingId}' and state = 'confirmed'") == 1, what: "booking confirmed");

        // The database refuses what the code's table refuses, whoever writes it.
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("allocation")));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"update bookings set state = 'holding' where id = '{bid.BookingId}'", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("P0001", refused.SqlState);
        Assert.Contains("cannot move from confirmed to holding", refused.MessageText);
    }

    /// <summary>How many outbox messages of the type carry these bookings (each must be in exactly one of them).</summary>
    private async Task<long> OutboxItemsAsync(string type, IEnumerable<Guid> bookingIds)
    {
        var ids = bookingIds.ToArray();
        var messages = await AllocationAssertions.ScalarAsync(market, "allocation",
            $"""
            select count(distinct o.id) from outbox o, jsonb_array_elements(coalesce(o.body -> 'items', o.body -> 'bookings')) item
            where o.message_type like '%.{type},%' and coalesce(item ->> 'bookingId', item ->> 'id') in ({string.Join(", ", ids.Select(i => $"'{i}'"))})
            """);
        var items = await AllocationAssertions.ScalarAsync(market, "allocation",
            $"""
            select count(*) from outbox o, jsonb_array_elements(coalesce(o.body -> 'items', o.body -> 'bookings')) item
            where o.message_type like '%.{type},%' and coalesce(item ->> 'bookingId', item ->> 'id') in ({string.Join(", ", ids.Select(i => $"'{i}'"))})
            """);
        Assert.Equal(ids.Length, items);
        return messages;
    }
}
