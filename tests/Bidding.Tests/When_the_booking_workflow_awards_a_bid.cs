using System.Net;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts.Bidding;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// DESIGN.md "The booking workflow", step AwardBid: the bidding service is the authority on a bid's status and moves it
/// only open → won | cancelled | expired. The expiry sweeper is idle here, so a bid past its deadline stays open until
/// an award or a cancel finds it so.
/// </summary>
public sealed class When_the_booking_workflow_awards_a_bid(IdleSweepMarketFixture market) : IClassFixture<IdleSweepMarketFixture>, IDisposable
{
    private readonly BiddingService _bidding = new(market);
    private readonly ConsumedMessages<AwardBid> _consumed = new(new BiddingService(market).Bus);

    public void Dispose() => _consumed.Dispose();

    [Fact]
    public async Task Should_award_an_open_bid_and_publish_BidAwarded()
    {
        var (tenant, bid) = await PlaceAsync();
        var bookingId = Guid.NewGuid();

        await _bidding.SendAwardAsync(new AwardBid(bid.Id, bookingId, 2.3125m));

        var outcome = await _bidding.AwardOutcomeAsync(bid.Id, bookingId);
        Assert.Equal(new BidAwarded(bid.Id, bookingId, 2.3125m, bid.TenantId), Assert.Single(outcome.Awarded));
        var won = await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}");
        Assert.Equal(("won", bookingId, 2.3125m), (won.Status, won.BookingId, won.PricePerGpuHour));
        Assert.True(won.UpdatedAt > won.CreatedAt);
        Assert.Equal(["open", "won"], await _bidding.HistoryAsync(bid.Id));
        await Eventually.True(async () => (await _bidding.EventsAsync<BidAwarded>(bid.Id)).Single().Sent, what: "BidAwarded relayed to RabbitMQ");
        // A won bid is not the tenant's to cancel any more.
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Conflict);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Conflict);
        Assert.Equal("won", await _bidding.StatusAsync(bid.Id));
    }

    [Fact]
    public async Task Should_award_once_when_the_same_AwardBid_is_delivered_again()
    {
        var (_, bid) = await PlaceAsync();
        var award = new AwardBid(bid.Id, Guid.NewGuid(), 2.2m);
        var messageId = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _bidding.SendAwardAsync(award, messageId)));
        await Eventually.True(() => Task.FromResult(_consumed.Count(messageId) == 5), what: "five deliveries consumed");
        await _bidding.SendAwardAsync(award, messageId);
        await Eventually.True(() => Task.FromResult(_consumed.Count(messageId) == 6), what: "the late redelivery consumed");

        Assert.Single(await _bidding.EventsAsync<BidAwarded>(bid.Id));
        Assert.Empty(await _bidding.EventsAsync<BidAwardRefused>(bid.Id));
        Assert.Equal(["open", "won"], await _bidding.HistoryAsync(bid.Id));
    }

    [Fact]
    public async Task Should_answer_the_same_award_under_a_new_message_id_with_the_same_BidAwarded()
    {
        var (_, bid) = await PlaceAsync();
        var award = new AwardBid(bid.Id, Guid.NewGuid(), 2.2m);
        await _bidding.SendAwardAsync(award);
        await _bidding.AwardOutcomeAsync(bid.Id, award.BookingId);

        // The workflow retried with a new MessageId, and with a price of its own that the bid no longer takes.
        await _bidding.SendAwardAsync(award with { PricePerGpuHour = 2.4m });

        var awarded = await Eventually.Until(() => _bidding.EventsAsync<BidAwarded>(bid.Id), e => e.Count == 2, what: "a second BidAwarded");
        Assert.All(awarded, e => Assert.Equal(new BidAwarded(bid.Id, award.BookingId, 2.2m, bid.TenantId), e.Message));
        Assert.Equal(["open", "won"], await _bidding.HistoryAsync(bid.Id));
    }

    [Fact]
    public async Task Should_refuse_an_award_for_another_booking_once_the_bid_won()
    {
        var (tenant, bid) = await PlaceAsync();
        var first = new AwardBid(bid.Id, Guid.NewGuid(), 2.2m);
        await _bidding.SendAwardAsync(first);
        await _bidding.AwardOutcomeAsync(bid.Id, first.BookingId);

        var second = new AwardBid(bid.Id, Guid.NewGuid(), 2.5m);
        await _bidding.SendAwardAsync(second);

        var outcome = await _bidding.AwardOutcomeAsync(bid.Id, second.BookingId);
        Assert.Equal(new BidAwardRefused(bid.Id, second.BookingId, "bid is won"), Assert.Single(outcome.Refused));
        var seen = await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}");
        Assert.Equal(("won", first.BookingId, 2.2m), (seen.Status, seen.BookingId, seen.PricePerGpuHour));
    }

    [Fact]
    public async Task Should_refuse_an_award_on_a_cancelled_bid_and_answer_a_second_cancel_the_same()
    {
        var (tenant, bid) = await PlaceAsync();
        var cancelled = await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}");
        var first = await ApiClient.ReadSuccessAsync<BidDto>(cancelled);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", first.Status);

        var again = await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await cancelled.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single(await _bidding.EventsAsync<BidCancelled>(bid.Id));

        var award = new AwardBid(bid.Id, Guid.NewGuid(), 2.2m);
        await _bidding.SendAwardAsync(award);
        var outcome = await _bidding.AwardOutcomeAsync(bid.Id, award.BookingId);
        Assert.Equal(new BidAwardRefused(bid.Id, award.BookingId, "bid is cancelled"), Assert.Single(outcome.Refused));
        Assert.Empty(outcome.Awarded);
        Assert.Equal(["open", "cancelled"], await _bidding.HistoryAsync(bid.Id));
    }

    [Theory]
    [InlineData("2.5001", "price above the bid's limit")]
    [InlineData("0", "price is not a positive amount with at most 4 decimals")]
    [InlineData("-1", "price is not a positive amount with at most 4 decimals")]
    [InlineData("2.12345", "price is not a positive amount with at most 4 decimals")]
    public async Task Should_refuse_an_award_at_a_price_the_bid_does_not_take_and_leave_it_open(string price, string reason)
    {
        var (_, bid) = await PlaceAsync(maxPrice: 2.5m);
        var award = new AwardBid(bid.Id, Guid.NewGuid(), decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));

        await _bidding.SendAwardAsync(award);

        var outcome = await _bidding.AwardOutcomeAsync(bid.Id, award.BookingId);
        Assert.Equal(reason, Assert.Single(outcome.Refused).Reason);
        Assert.Equal("open", await _bidding.StatusAsync(bid.Id));
        // Exactly at the limit it wins.
        var atLimit = award with { BookingId = Guid.NewGuid(), PricePerGpuHour = 2.5m };
        await _bidding.SendAwardAsync(atLimit);
        Assert.Single((await _bidding.AwardOutcomeAsync(bid.Id, atLimit.BookingId)).Awarded);
    }

    [Fact]
    public async Task Should_refuse_an_award_for_a_bid_that_does_not_exist()
    {
        var award = new AwardBid(Guid.NewGuid(), Guid.NewGuid(), 2m);
        await _bidding.SendAwardAsync(award);
        var outcome = await _bidding.AwardOutcomeAsync(award.BidId, award.BookingId);
        Assert.Equal(new BidAwardRefused(award.BidId, award.BookingId, "no such bid"), Assert.Single(outcome.Refused));
    }

    [Fact]
    public async Task Should_expire_and_refuse_an_award_on_a_bid_past_its_deadline_that_the_sweeper_has_not_seen()
    {
        var (tenant, bid) = await PlaceAsync();
        await _bidding.ExecuteAsync("update bids set expires_at = now() - interval '1 second' where id = @id", new { id = bid.Id });

        var award = new AwardBid(bid.Id, Guid.NewGuid(), 2m);
        await _bidding.SendAwardAsync(award);

        var outcome = await _bidding.AwardOutcomeAsync(bid.Id, award.BookingId);
        Assert.Equal("bid is expired", Assert.Single(outcome.Refused).Reason);
        Assert.Empty(outcome.Awarded);
        Assert.Equal("expired", (await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}")).Status);
        Assert.Single(await _bidding.ExpiredEventsAsync(bid.Id));
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Should_answer_409_to_cancelling_a_bid_past_its_deadline_that_the_sweeper_has_not_seen()
    {
        var (tenant, bid) = await PlaceAsync();
        await _bidding.ExecuteAsync(
            "update bids set earliest_start = now() - interval '2 hours', latest_start = now() - interval '1 hour' where id = @id", new { id = bid.Id });

        var problem = await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}"), HttpStatusCode.Conflict);

        Assert.Contains("expired", problem["detail"]!.GetValue<string>());
        Assert.Equal("expired", await _bidding.StatusAsync(bid.Id));
        Assert.Single(await _bidding.ExpiredEventsAsync(bid.Id));
        Assert.Empty(await _bidding.EventsAsync<BidCancelled>(bid.Id));
        Assert.Equal(["open", "expired"], await _bidding.HistoryAsync(bid.Id));
    }

    [Fact]
    public async Task Should_list_every_award_for_reconciliation_page_by_page()
    {
        var awards = new List<AwardBid>();
        for (var i = 0; i < 5; i++)
        {
            var (_, bid) = await PlaceAsync();
            var award = new AwardBid(bid.Id, Guid.NewGuid(), 2m + i / 10m);
            await _bidding.SendAwardAsync(award);
            Assert.Single((await _bidding.AwardOutcomeAsync(bid.Id, award.BookingId)).Awarded);
            awards.Add(award);
        }
        var (_, open) = await PlaceAsync();

        var listed = new List<AwardRecord>();
        string? cursor = null;
        do
        {
            var (page, problem) = await _bidding.AskAsync<ListAwards, AwardPage>(new ListAwards(2, cursor));
            Assert.Null(problem);
            Assert.InRange(page!.Items.Count, 0, 2);
            listed.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(listed.Count, listed.Select(a => a.BidId).Distinct().Count());
        Assert.DoesNotContain(listed, a => a.BidId == open.Id);
        foreach (var award in awards)
        {
            var record = Assert.Single(listed, a => a.BidId == award.BidId);
            Assert.Equal((award.BookingId, award.PricePerGpuHour), (record.BookingId, record.PricePerGpuHour));
        }
        foreach (var record in listed) Assert.Equal("won", await _bidding.StatusAsync(record.BidId));
    }

    [Fact]
    public async Task Should_refuse_in_the_database_any_move_out_of_a_settled_status()
    {
        var (_, bid) = await PlaceAsync();
        var award = new AwardBid(bid.Id, Guid.NewGuid(), 2m);
        await _bidding.SendAwardAsync(award);
        Assert.Single((await _bidding.AwardOutcomeAsync(bid.Id, award.BookingId)).Awarded);
        var (tenant, cancelled) = await PlaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{cancelled.Id}")).StatusCode);

        foreach (var sql in new[]
        {
            "update bids set status = 'open', booking_id = null, price = null where id = @won",
            "update bids set status = 'cancelled', booking_id = null, price = null where id = @won",
            "update bids set booking_id = gen_random_uuid() where id = @won",
            "update bids set status = 'open' where id = @cancelled",
            "update bids set status = 'expired' where id = @cancelled",
        })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => _bidding.ExecuteAsync(sql, new { won = bid.Id, cancelled = cancelled.Id }));
            Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        }
        Assert.Equal("won", await _bidding.StatusAsync(bid.Id));
        Assert.Equal("cancelled", await _bidding.StatusAsync(cancelled.Id));
    }

    [Fact]
    public async Task Should_answer_a_rounds_awards_in_one_message_each_decided_on_its_own()
    {
        var (_, open) = await PlaceAsync();
        var (_, cheap) = await PlaceAsync(maxPrice: 2.0m);
        var (tenant, cancelled) = await PlaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{cancelled.Id}")).StatusCode);
        var (_, late) = await PlaceAsync();
        await _bidding.ExecuteAsync("update bids set expires_at = now() - interval '1 second' where id = @id", new { id = late.Id });
        var (_, twice) = await PlaceAsync();
        var items = new List<AwardBid>
        {
            new(open.Id, Guid.NewGuid(), 2.3m), new(cheap.Id, Guid.NewGuid(), 2.3m), new(cancelled.Id, Guid.NewGuid(), 2.3m),
            new(late.Id, Guid.NewGuid(), 2.3m), new(twice.Id, Guid.NewGuid(), 2.25m), new(twice.Id, Guid.NewGuid(), 2.3m),
        };

        var endpoint = await _bidding.Bus.GetSendEndpoint(new Uri("exchange:award-bid-batch"));
        await endpoint.Send(new AwardBidBatch(items));

        var answer = await Eventually.Until(async () => await AnswersAsync(open.Id), a => a.Count > 0, what: "AwardsAnswered");
        var only = Assert.Single(answer);
        // A bid named twice: its first award in the batch wins, the second finds it won.
        var (first, second) = (items[4], items[5]);
        Assert.Equal(
            [new BidAwarded(open.Id, items[0].BookingId, 2.3m, open.TenantId), new BidAwarded(twice.Id, first.BookingId, first.PricePerGpuHour, twice.TenantId)],
            only.Awarded.OrderBy(a => a.BidId == open.Id ? 0 : 1));
        Assert.Equal(
            [(cheap.Id, "price above the bid's limit"), (cancelled.Id, "bid is cancelled"), (late.Id, "bid is expired"), (twice.Id, "bid is won")],
            only.Refused.Select(r => (r.BidId, r.Reason)).OrderBy(r => Array.IndexOf(new[] { cheap.Id, cancelled.Id, late.Id, twice.Id }, r.BidId)));
        Assert.Equal(second.BookingId, only.Refused.Single(r => r.BidId == twice.Id).BookingId);
        Assert.Equal(("won", "open", "cancelled", "expired", "won"), (await _bidding.StatusAsync(open.Id), await _bidding.StatusAsync(cheap.Id),
            await _bidding.StatusAsync(cancelled.Id), await _bidding.StatusAsync(late.Id), await _bidding.StatusAsync(twice.Id)));
        Assert.Single(await _bidding.ExpiredEventsAsync(late.Id));
        Assert.Empty(await _bidding.EventsAsync<BidAwarded>(open.Id)); // the batch's answer says it, once
    }

    private async Task<List<AwardsAnswered>> AnswersAsync(Guid bidId)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select body::text from outbox where message_type like '%.AwardsAnswered,%' and jsonb_path_exists(body, '$.*[*] ? (@.bidId == $id)', jsonb_build_object('id', $1::text))",
            connection) { Parameters = { new() { Value = bidId.ToString() } } };
        var answers = new List<AwardsAnswered>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            answers.Add(System.Text.Json.JsonSerializer.Deserialize<AwardsAnswered>(reader.GetString(0), Marketplace.Hosting.Messaging.MessageTypes.Json)!);
        return answers;
    }

    private async Task<(ApiClient Tenant, BidDto Bid)> PlaceAsync(decimal maxPrice = 2.5m)
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        return (tenant, await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(maxPrice: maxPrice)));
    }
}
