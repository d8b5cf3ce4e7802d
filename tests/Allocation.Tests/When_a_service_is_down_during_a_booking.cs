using Marketplace.Allocation.Bookings;
using Marketplace.Contracts.Inventory;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Allocation.Tests;

public sealed class When_a_service_is_down_during_a_booking(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_finish_the_booking_once_inventory_is_back()
    {
        var (tenant, cluster) = await ClusterSeenAsync("A10G-24GB", gpusPerNode: 4);

        await market.StopAsync("inventory");
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A10G-24GB", gpuCount: 4, maxPrice: 1m));
        // The round decides and the workflow waits on HoldNodes, queued for the stopped inventory.
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
            $"select count(*) from bookings where bid_id = '{bid.Id}' and state = 'holding'") == 1, what: "booking waits for inventory");

        await market.StartAgainAsync("inventory");
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        var booking = await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"), b => b.ClusterId == cluster.Id);
        Assert.Equal("scheduled", booking.Status);
    }

    /// <summary>
    /// The watchdog re-sends the step of a booking that stopped moving (here its HoldNodes waits for a stopped
    /// inventory and its clock is set back past StalledWorkflowAfter); the step then arrives twice, and the booking is
    /// still held, awarded and charged once.
    /// </summary>
    [Fact]
    public async Task Should_send_a_stalled_step_again_and_book_it_once()
    {
        // A model no other test of this class trades: their bids must not land on this cluster, nor this bid on theirs.
        var (tenant, cluster) = await ClusterSeenAsync("L40S-48GB", gpusPerNode: 8);

        await market.StopAsync("inventory");
        BidDto bid;
        try
        {
            bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "L40S-48GB", gpuCount: 8, maxPrice: 1m));
            await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "allocation",
                $"select count(*) from bookings where bid_id = '{bid.Id}' and state = 'holding'") == 1, what: "booking waits for inventory");
            await AllocationAssertions.ScalarAsync(market, "allocation",
                $"with stalled as (update bookings set updated_at = now() - interval '1 hour' where bid_id = '{bid.Id}' returning 1) select count(*) from stalled");

            var watchdog = market.AllocationHost.Services.GetServices<IHostedService>().OfType<WorkflowWatchdog>().Single();
            // Its own pass (every ten seconds) may come first; either way the step is sent again and its clock restarts.
            await watchdog.NudgeStalledAsync(CancellationToken.None);
            Assert.Equal(0L, await AllocationAssertions.ScalarAsync(market, "allocation",
                $"select count(*) from bookings where bid_id = '{bid.Id}' and updated_at < now() - interval '1 minute'"));
        }
        finally
        {
            // Started again even when an assertion above failed, so the class's other tests find inventory running.
            await market.StartAgainAsync("inventory");
        }

        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        var booking = await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"), b => b.Status == "scheduled");
        Assert.Equal(cluster.Id, booking.ClusterId);
        Assert.Equal(1L, await AllocationAssertions.ScalarAsync(market, "allocation", $"select count(*) from bookings where bid_id = '{bid.Id}'"));
        Assert.Equal(1L, await AllocationAssertions.ScalarAsync(market, "inventory", $"select count(*) from node_holds where booking_id = '{won.BookingId}'"));
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "settlement",
            $"select count(*) from ledger_transactions where booking_id = '{won.BookingId}' and kind = 'charge'") == 1, what: "the booking is charged once");
    }

    /// <summary>
    /// A confirmation that arrives after the booking's nodes were released (a cancellation while the booking was
    /// confirming: the two commands travel on different queues) takes no nodes again: inventory answers the hold lost,
    /// and the cancelled booking holds nothing.
    /// </summary>
    [Fact]
    public async Task Should_take_no_nodes_for_a_confirmation_that_arrives_after_the_release()
    {
        // A model no other test of this class trades.
        var (tenant, cluster) = await ClusterSeenAsync("H200-SXM-141GB", gpusPerNode: 8);
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "H200-SXM-141GB", gpuCount: 8, maxPrice: 1m));
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        var booking = await Eventually.Until(() => tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}"), b => b.Status == "scheduled");
        await tenant.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel", new { });
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "inventory",
            $"select count(*) from node_holds where booking_id = '{booking.Id}'") == 0, what: "the cancellation released the nodes");

        // A late copy of the booking's confirmation, as allocation sends it.
        var late = NewId.NextGuid();
        var bus = market.AllocationHost.Services.GetRequiredService<IBus>();
        // "exchange:", as the outbox relay sends: a "queue:" endpoint would declare the quorum queue again as classic.
        var inventory = await bus.GetSendEndpoint(new Uri("exchange:confirm-hold-batch"));
        await inventory.Send(new ConfirmHoldBatch([new ConfirmHold(booking.Id, cluster.Id, booking.NodeCount, booking.StartsAt, booking.EndsAt)]),
            context => context.MessageId = late);
        await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, "inventory",
            $"select count(*) from inbox where message_id = '{late}'") == 1, what: "inventory handled the late confirmation");

        Assert.Equal(0L, await AllocationAssertions.ScalarAsync(market, "inventory", $"select count(*) from node_holds where booking_id = '{booking.Id}'"));
        Assert.Equal("cancelled", (await tenant.GetAsync<BookingDto>($"/v1/bookings/{booking.Id}")).Status);
    }

    /// <summary>
    /// The watchdog's pass reads in-flight bookings through their partial index under any plan PostgreSQL keeps for
    /// the prepared statement: with the states as a parameter (state = any(@inFlight)) the generic plan could not use
    /// the index and read every booking ever made, every ten seconds.
    /// </summary>
    [Fact]
    public async Task Should_find_stalled_bookings_through_the_index_of_those_in_flight()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("allocation")));
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand(
            "set plan_cache_mode = force_generic_plan; set enable_seqscan = off; " +
            $"prepare stalled(interval) as {WorkflowWatchdog.StalledSql.Replace("@after", "$1")}", connection))
            await setup.ExecuteNonQueryAsync();
        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand("explain execute stalled('1 minute')", connection))
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        Assert.Contains(plan, line => line.Contains("bookings_in_flight"));
    }

    [Fact]
    public async Task Should_place_bids_made_while_allocation_was_down()
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        await market.StopAsync("allocation");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters", Samples.Cluster(gpuModel: "A100-SXM-40GB", nodeCount: 2, gpusPerNode: 8, ask: 0.9m));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "A100-SXM-40GB", gpuCount: 8, maxPrice: 1m));
        Assert.Equal("open", (await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);

        await market.StartAgainAsync("allocation");
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        Assert.Equal(cluster.Id, (await tenant.GetAsync<BookingDto>($"/v1/bookings/{won.BookingId}")).ClusterId);
    }

    /// <summary>A provider's two-node cluster of the model, once allocation knows it, and a tenant to bid on it.</summary>
    private async Task<(ApiClient Tenant, ClusterDto Cluster)> ClusterSeenAsync(string model, int gpusPerNode)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters",
            Samples.Cluster(gpuModel: model, nodeCount: 2, gpusPerNode: gpusPerNode, ask: 0.5m));
        await AllocationAssertions.ClusterKnownAsync(market, cluster.Id);
        return (tenant, cluster);
    }
}
