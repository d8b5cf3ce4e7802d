using System.Net;
using Dapper;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts.Bidding;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// API.md "expiresAt" and DESIGN.md "a bid whose expiresAt or latestStart has passed expires": the expiry sweeper (every
/// 200 ms here) expires it and publishes BidsExpired (a sweep's expiries in one event). The API only takes whole-hour starts, so the tests move a bid's
/// deadline to the next second in the bidding database.
/// </summary>
public sealed class When_a_bid_passes_its_deadline(FastSweepMarketFixture market) : IClassFixture<FastSweepMarketFixture>
{
    private readonly BiddingService _bidding = new(market);

    [Fact]
    public async Task Should_expire_it_when_expiresAt_passes_and_publish_BidsExpired()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
        var control = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
        await _bidding.ExecuteAsync("update bids set expires_at = now() + interval '1 second' where id = @id", new { id = bid.Id });

        var expired = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "expired",
            TimeSpan.FromSeconds(15), "the bid expires");

        Assert.Null(expired.BookingId);
        Assert.Equal(["open", "expired"], await _bidding.HistoryAsync(bid.Id));
        await Eventually.True(async () => (await _bidding.ExpiredEventsAsync(bid.Id)).Single().Sent, what: "BidsExpired relayed to RabbitMQ");
        Assert.Equal("open", (await tenant.GetAsync<BidDto>($"/v1/bids/{control.Id}")).Status);
        Assert.Equal([bid.Id], (await tenant.GetAsync<Page<BidDto>>("/v1/bids?status=expired")).Items.Select(b => b.Id));

        // Expired is final: no cancel, no award.
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Conflict);
        var award = new AwardBid(bid.Id, Guid.NewGuid(), 2m);
        await _bidding.SendAwardAsync(award);
        Assert.Equal("bid is expired", Assert.Single((await _bidding.AwardOutcomeAsync(bid.Id, award.BookingId)).Refused).Reason);
        Assert.Equal("expired", await _bidding.StatusAsync(bid.Id));
        Assert.Single(await _bidding.ExpiredEventsAsync(bid.Id));
    }

    [Fact]
    public async Task Should_expire_it_when_latestStart_passes_though_expiresAt_is_later()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(expiresAt: Samples.NextHour.AddDays(20)));
        await _bidding.ExecuteAsync(
            "update bids set earliest_start = now() - interval '1 hour', latest_start = now() + interval '1 second' where id = @id", new { id = bid.Id });

        await Eventually.Until(() => _bidding.StatusAsync(bid.Id), s => s == "expired", TimeSpan.FromSeconds(15), "the bid expires");

        Assert.Single(await _bidding.ExpiredEventsAsync(bid.Id));
        Assert.Equal(Samples.NextHour.AddDays(20), (await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).ExpiresAt);
    }

    [Fact]
    public async Task Should_skip_a_bid_locked_by_a_cancel_or_award_and_expire_the_others_meanwhile()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var busy = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());
        var idle = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid());

        await using (var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding"))))
        {
            await connection.OpenAsync();
            // Busy falls due first, idle a second later (both after the lock below is surely taken); busy is held meanwhile, the way CancelBid and AwardBid hold a bid
            // while they decide. When idle has expired, the sweeper has met busy due and locked, and must have gone past it.
            await connection.ExecuteAsync(
                "update bids set expires_at = now() + case when id = @busy then interval '3 seconds' else interval '4 seconds' end where id in (@busy, @idle)",
                new { busy = busy.Id, idle = idle.Id });
            await using var hold = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("select id from bids where id = @busy for update", new { busy = busy.Id }, hold);

            await Eventually.Until(() => _bidding.StatusAsync(idle.Id), s => s == "expired", TimeSpan.FromSeconds(15), "the unlocked bid expires");
            Assert.Equal("open", await _bidding.StatusAsync(busy.Id));
            await hold.CommitAsync();
        }

        await Eventually.Until(() => _bidding.StatusAsync(busy.Id), s => s == "expired", TimeSpan.FromSeconds(15), "the released bid expires");
        Assert.Single(await _bidding.ExpiredEventsAsync(busy.Id));
    }

    [Fact]
    public async Task Should_expire_every_due_bid_when_more_than_one_batch_is_due()
    {
        const int due = 450; // the sweeper takes 200 at a time
        var tenantId = Guid.NewGuid();
        await _bidding.ExecuteAsync(
            """
            insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions, max_price, expires_at)
            select gen_random_uuid(), @tenantId, 'A10G-24GB', 1, 1, now(), now() + interval '1 day', '{}', 1, now() + interval '1 second'
            from generate_series(1, @due)
            """, new { tenantId, due });

        await Eventually.Until(() => CountAsync("select count(*) from bids where tenant_id = @tenantId and status = 'expired'", tenantId),
            n => n == due, TimeSpan.FromSeconds(30), "every due bid expires");

        // Each told once, a sweep's expiries (up to 200) in one BidsExpired.
        const string told = """
            from outbox o, jsonb_array_elements(o.body->'bids') e, bids b
            where b.id::text = e->>'bidId' and b.tenant_id = @tenantId and o.message_type like 'Marketplace.Contracts.Bidding.BidsExpired,%'
            """;
        Assert.Equal(due, await CountAsync($"select count(distinct b.id) {told}", tenantId));
        Assert.Equal(due, await CountAsync($"select count(*) {told}", tenantId));
        Assert.InRange(await CountAsync($"select count(distinct o.id) {told}", tenantId), 3, due / 10);
    }

    private async Task<long> CountAsync(string sql, Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        return await connection.ExecuteScalarAsync<long>(sql, new { tenantId });
    }
}
