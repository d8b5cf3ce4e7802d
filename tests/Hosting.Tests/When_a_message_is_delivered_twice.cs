using Hosting.Tests.Messages;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Hosting.Tests;

/// <summary>The inbox: a consumer that changes state records the message id in the same transaction, so a redelivery is a no-op.</summary>
public sealed class When_a_message_is_delivered_twice : IAsyncLifetime
{
    private ProbeService _service = null!;

    public async Task InitializeAsync() => _service = await ProbeService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Should_change_state_once()
    {
        var bus = _service.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var widget = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
            await bus.Publish(new WidgetCreated(widget, "w"), c => c.MessageId = messageId);
        var barrier = Guid.NewGuid();
        await bus.Publish(new WidgetCreated(barrier, "b"));

        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from widget_events where widget_id = @barrier", new { barrier }) == 1);
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from inbox where message_id = @messageId", new { messageId }) == 1);
        Assert.Equal(1, await _service.CountAsync("select count(*) from widget_events where widget_id = @widget", new { widget }));
    }

    [Fact]
    public async Task Should_handle_distinct_messages_with_equal_content_each()
    {
        var bus = _service.Services.GetRequiredService<IBus>();
        var widget = Guid.NewGuid();
        await bus.Publish(new WidgetCreated(widget, "w"));
        await bus.Publish(new WidgetCreated(widget, "w"));
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from widget_events where widget_id = @widget", new { widget }) == 2);
    }
}
