using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Contracts.Allocation;
using Marketplace.Hosting.Messaging;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>
/// Exactly once: BookingsConfirmed (or BookingConfirmed) and BookingCancelled delivered again (same message id, or
/// re-published with a new one, or a round naming a booking twice) move no money.
/// </summary>
[Collection(SettlementCollection.Name)]
public sealed class When_booking_events_are_redelivered(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_charge_and_refund_only_once()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        await tenant.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel");
        await Eventually.Until(() => _scenario.EntriesAsync(booking.Id), e => e.Any(x => x.Kind == "refund"), what: "refund");
        var before = await _scenario.EntriesAsync(booking.Id);
        Assert.Equal(6, before.Count);

        // The very messages allocation published, from its outbox. A round's confirmations travel together, so the
        // confirmation is this booking's item of a BookingsConfirmed (with whatever else its round booked).
        var sent = await _scenario.QueryAsync<(Guid MessageId, string MessageType, string Body)>("allocation",
            """
            select message_id, message_type, body::text from outbox
            where body -> 'booking' ->> 'id' = @id or body -> 'bookings' @> jsonb_build_array(jsonb_build_object('id', @id))
            """, new { id = booking.Id.ToString() });
        var confirmed = sent.Single(m => m.MessageType.Contains(nameof(BookingsConfirmed)));
        var cancelled = sent.Single(m => m.MessageType.Contains(nameof(BookingCancelled)));
        var view = JsonSerializer.Deserialize<BookingsConfirmed>(confirmed.Body, MessageTypes.Json)!.Bookings.Single(b => b.Id == booking.Id);

        var observer = new ConsumedMessages();
        var settlementBus = market.SettlementHost.Services.GetRequiredService<IBus>();
        using var _ = settlementBus.ConnectConsumeObserver(observer);
        var bus = market.AllocationHost.Services.GetRequiredService<IBus>();
        var again = new List<Guid> { confirmed.MessageId, cancelled.MessageId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await PublishAsync(bus, new BookingsConfirmed([view]), again[0]);
        await Publish(bus, cancelled.Body, typeof(BookingCancelled), again[1]);
        await PublishAsync(bus, new BookingsConfirmed([view]), again[2]);
        await Publish(bus, cancelled.Body, typeof(BookingCancelled), again[3]);
        await PublishAsync(bus, new BookingConfirmed(view), again[4]); // the single form means the same
        await Eventually.True(() => Task.FromResult(again.All(observer.Consumed.ContainsKey)), what: "settlement consumed every copy");
        Assert.Empty(observer.Faulted);

        var after = await _scenario.EntriesAsync(booking.Id);
        Assert.Equal(before.Select(e => e.Id).Order(), after.Select(e => e.Id).Order());
        Assert.Equal(0m, (await tenant.GetAsync<BalanceDto>($"/v1/organizations/{tenant.OrganizationId}/balance")).Balance);
    }

    [Fact]
    public async Task Should_charge_nothing_again_for_a_round_that_names_charged_bookings_twice()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var first = await _scenario.BookAsync(tenant, window);
        var second = await _scenario.BookAsync(tenant, window);
        var before = (await _scenario.EntriesAsync(first.Id)).Concat(await _scenario.EntriesAsync(second.Id)).Select(e => e.Id).Order().ToList();

        var sent = await _scenario.QueryAsync<string>("allocation",
            "select body::text from outbox where message_type like '%.BookingsConfirmed,%' and (body -> 'bookings' @> jsonb_build_array(jsonb_build_object('id', @a)) or body -> 'bookings' @> jsonb_build_array(jsonb_build_object('id', @b)))",
            new { a = first.Id.ToString(), b = second.Id.ToString() });
        var views = sent.SelectMany(body => JsonSerializer.Deserialize<BookingsConfirmed>(body, MessageTypes.Json)!.Bookings)
            .Where(b => b.Id == first.Id || b.Id == second.Id).DistinctBy(b => b.Id).ToList();
        Assert.Equal(2, views.Count);

        var observer = new ConsumedMessages();
        using var _ = market.SettlementHost.Services.GetRequiredService<IBus>().ConnectConsumeObserver(observer);
        var messageId = Guid.NewGuid();
        await PublishAsync(market.AllocationHost.Services.GetRequiredService<IBus>(), new BookingsConfirmed([views[1], views[0], views[1]]), messageId);
        await Eventually.True(() => Task.FromResult(observer.Consumed.ContainsKey(messageId)), what: "settlement consumed the round");
        Assert.Empty(observer.Faulted);

        var after = (await _scenario.EntriesAsync(first.Id)).Concat(await _scenario.EntriesAsync(second.Id)).Select(e => e.Id).Order().ToList();
        Assert.Equal(before, after);
    }

    private static Task PublishAsync<T>(IBus bus, T message, Guid messageId) where T : class =>
        bus.Publish(message, Pipe.Execute<PublishContext<T>>(c => c.MessageId = messageId));

    private static Task Publish(IBus bus, string body, Type type, Guid messageId) =>
        bus.Publish(JsonSerializer.Deserialize(body, type, MessageTypes.Json)!, type, Pipe.Execute<PublishContext>(c => c.MessageId = messageId));

    private sealed class ConsumedMessages : IConsumeObserver
    {
        public ConcurrentDictionary<Guid, bool> Consumed { get; } = new();
        public ConcurrentBag<Exception> Faulted { get; } = [];

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id) Consumed[id] = true;
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            Faulted.Add(exception);
            return Task.CompletedTask;
        }
    }
}
