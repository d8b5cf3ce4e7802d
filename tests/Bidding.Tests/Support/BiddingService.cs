using System.Text.Json;
using Dapper;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Messaging;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Marketplace.Bidding.Tests.Support;

/// <summary>
/// The bidding service as its neighbours see it: commands and requests over its own bus, and what it wrote to its own
/// database (bids, history, outbox). Tests use it to play the allocation service and to check what was published.
/// </summary>
public sealed class BiddingService(MarketplaceFixture market)
{
    public IBus Bus => market.BiddingHost.Services.GetRequiredService<IBus>();

    /// <summary>Sends AwardBid the way the booking workflow does; returns the MessageId so a test can redeliver it.</summary>
    public async Task<Guid> SendAwardAsync(AwardBid award, Guid? messageId = null)
    {
        var id = messageId ?? NewId.NextGuid();
        var endpoint = await Bus.GetSendEndpoint(new Uri("exchange:award-bid"));
        await endpoint.Send(award, Pipe.Execute<SendContext>(c => c.MessageId = id));
        return id;
    }

    /// <summary>A request straight to the bidding service, past the gateway: the service must guard itself.</summary>
    public async Task<(TResponse? Ok, Problem? Problem)> AskAsync<TRequest, TResponse>(TRequest request)
        where TRequest : class where TResponse : class
    {
        var response = await Bus.CreateRequestClient<TRequest>(RequestTimeout.After(s: 20)).GetResponse<TResponse, Problem>(request);
        if (response.Is(out Response<TResponse>? ok)) return (ok!.Message, null);
        return response.Is(out Response<Problem>? problem) ? (null, problem!.Message) : throw new InvalidOperationException("unexpected response");
    }

    public async Task<string?> StatusAsync(Guid bidId)
    {
        await using var connection = await OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<string>("select status from bids where id = @bidId", new { bidId });
    }

    /// <summary>The statuses the bid went through, oldest first.</summary>
    public async Task<List<string>> HistoryAsync(Guid bidId)
    {
        await using var connection = await OpenAsync();
        return (await connection.QueryAsync<string>("select status from bid_history where bid_id = @bidId order by id", new { bidId })).AsList();
    }

    /// <summary>The events of type <typeparamref name="T"/> about the bid that the service committed to its outbox, oldest first.</summary>
    public Task<List<OutboxEvent<T>>> EventsAsync<T>(Guid bidId) where T : class =>
        OutboxEventsAsync<T>(bidId, "coalesce(body->>'bidId', body->'bid'->>'id') = @bidId");

    /// <summary>The BidsPlaced events that carry the bid (a placement transaction's new bids, in one event), oldest first.</summary>
    public Task<List<OutboxEvent<BidsPlaced>>> PlacedEventsAsync(Guid bidId) =>
        OutboxEventsAsync<BidsPlaced>(bidId, "body->'bids' @> jsonb_build_array(jsonb_build_object('id', @bidId))");

    /// <summary>The BidsExpired events that carry the bid (a transaction's expiries, in one event), oldest first.</summary>
    public Task<List<OutboxEvent<BidsExpired>>> ExpiredEventsAsync(Guid bidId) =>
        OutboxEventsAsync<BidsExpired>(bidId, "body->'bids' @> jsonb_build_array(jsonb_build_object('bidId', @bidId))");

    private async Task<List<OutboxEvent<T>>> OutboxEventsAsync<T>(Guid bidId, string carriesTheBid) where T : class
    {
        await using var connection = await OpenAsync();
        var rows = await connection.QueryAsync<(string Body, DateTime? SentAt)>(
            $"select body::text, sent_at from outbox where message_type = @type and {carriesTheBid} order by id",
            new { type = MessageTypes.NameOf(typeof(T)), bidId = bidId.ToString() });
        return rows.Select(r => new OutboxEvent<T>(JsonSerializer.Deserialize<T>(r.Body, MessageTypes.Json)!, r.SentAt is not null)).ToList();
    }

    /// <summary>Waits until the service answered the AwardBid for this booking, with BidAwarded or BidAwardRefused.</summary>
    public Task<AwardOutcome> AwardOutcomeAsync(Guid bidId, Guid bookingId) => Eventually.Until(async () =>
    {
        var awarded = (await EventsAsync<BidAwarded>(bidId)).Where(e => e.Message.BookingId == bookingId).ToList();
        var refused = (await EventsAsync<BidAwardRefused>(bidId)).Where(e => e.Message.BookingId == bookingId).ToList();
        return new AwardOutcome(awarded.Select(e => e.Message).ToList(), refused.Select(e => e.Message).ToList());
    }, o => o.Awarded.Count + o.Refused.Count > 0, what: $"an answer to AwardBid({bidId}, {bookingId})");

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        await connection.OpenAsync();
        return connection;
    }
}

public sealed record OutboxEvent<T>(T Message, bool Sent);

public sealed record AwardOutcome(List<BidAwarded> Awarded, List<BidAwardRefused> Refused);
