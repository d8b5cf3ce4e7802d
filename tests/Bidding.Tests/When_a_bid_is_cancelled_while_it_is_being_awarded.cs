using System.Net;
using Marketplace.Bidding.Tests.Support;
using Marketplace.Contracts.Bidding;
using Marketplace.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// DESIGN.md "a cancelled or expired bid never wins": the tenant's DELETE and the booking workflow's AwardBid race for
/// the same bid. Whichever the bidding service takes first decides; the other is refused. Never both, never neither.
/// </summary>
[Collection(QuietMarket.Name)]
public sealed class When_a_bid_is_cancelled_while_it_is_being_awarded(QuietMarketFixture market, ITestOutputHelper output)
{
    private const int Bids = 30;
    private const int AtOnce = 10; // races run ten at a time: enough to overlap, few enough for a loaded two-core machine
    private readonly BiddingService _bidding = new(market);

    [Fact]
    public async Task Should_end_each_bid_either_won_or_cancelled_and_refuse_the_other()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        var bids = new List<BidDto>();
        for (var i = 0; i < Bids; i++) bids.Add(await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(maxPrice: 3m)));

        var races = new List<(BidDto Bid, Guid BookingId, HttpResponseMessage Cancel)>();
        foreach (var batch in bids.Chunk(AtOnce))
            races.AddRange(await Task.WhenAll(batch.Select(async bid =>
            {
                var bookingId = Guid.NewGuid();
                var award = _bidding.SendAwardAsync(new AwardBid(bid.Id, bookingId, 2.75m));
                var cancel = tenant.SendAsync(HttpMethod.Delete, $"/v1/bids/{bid.Id}");
                await Task.WhenAll(award, cancel);
                return (bid, bookingId, await cancel);
            })));

        var won = 0;
        foreach (var (bid, bookingId, cancel) in races)
        {
            var outcome = await _bidding.AwardOutcomeAsync(bid.Id, bookingId);
            var status = await _bidding.StatusAsync(bid.Id);
            var cancelledEvents = await _bidding.EventsAsync<BidCancelled>(bid.Id);
            if (cancel.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("cancelled", (await ApiClient.ReadSuccessAsync<BidDto>(cancel)).Status);
                Assert.Equal("cancelled", status);
                Assert.Empty(outcome.Awarded);
                Assert.Equal("bid is cancelled", Assert.Single(outcome.Refused).Reason);
                Assert.Single(cancelledEvents);
                Assert.Equal(["open", "cancelled"], await _bidding.HistoryAsync(bid.Id));
            }
            else
            {
                await ApiClient.AssertProblemAsync(cancel, HttpStatusCode.Conflict);
                won++;
                Assert.Equal("won", status);
                Assert.Empty(outcome.Refused);
                Assert.Equal((bid.Id, bookingId, 2.75m), Assert.Single(outcome.Awarded) is var a ? (a.BidId, a.BookingId, a.PricePerGpuHour) : default);
                Assert.Empty(cancelledEvents);
                Assert.Equal(["open", "won"], await _bidding.HistoryAsync(bid.Id));
                var seen = await tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}");
                Assert.Equal(("won", bookingId, 2.75m), (seen.Status, seen.BookingId, seen.PricePerGpuHour));
            }
        }
        output.WriteLine($"{won} of {Bids} bids were awarded first, {Bids - won} cancelled first");
    }
}
