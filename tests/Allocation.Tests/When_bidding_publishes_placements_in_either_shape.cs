using Marketplace.Contracts.Bidding;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Allocation.Tests;

/// <summary>
/// Bidding publishes a placement transaction's new bids as one BidsPlaced; a bidding instance not yet upgraded (or its
/// outbox) still publishes one BidPlaced per bid. Allocation opens the bids of either, each once.
/// </summary>
public sealed class When_bidding_publishes_placements_in_either_shape(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>
{
    [Fact]
    public async Task Should_open_each_bid_once_whichever_event_carries_it()
    {
        var bus = market.BiddingHost.Services.GetRequiredService<IBus>();
        var tenant = Guid.NewGuid();
        var one = View(tenant);
        var two = View(tenant);
        var three = View(tenant);

        await bus.Publish(new BidPlaced(one));
        await Eventually.True(async () => await OpenAsync([one.Id]) == 1, what: "the bid of a BidPlaced open in allocation");

        // The same bid again in the new shape, with two new ones: those open, the first stays one row.
        await bus.Publish(new BidsPlaced([two, one, three]));
        await Eventually.True(async () => await OpenAsync([one.Id, two.Id, three.Id]) == 3, what: "the bids of a BidsPlaced open in allocation");
        Assert.Equal(3, await OpenAsync([one.Id, two.Id, three.Id]));
    }

    private static BidView View(Guid tenant)
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(2);
        // Far under any ask, in a model no other test of this class lists: it stays open.
        return new BidView(Guid.CreateVersion7(), tenant, "L40S-48GB", 8, 4, start, start.AddDays(1), ["us-east-1"], null, 0.05m,
            start.AddDays(1), "open", null, null, now, now);
    }

    private async Task<long> OpenAsync(Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("allocation")));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from bids where id = any(@ids) and status = 'open'", connection);
        command.Parameters.AddWithValue("ids", ids);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
