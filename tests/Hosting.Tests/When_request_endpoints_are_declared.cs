using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Hosting.Tests;

/// <summary>
/// ADR 0011: messages that must not be lost (events, workflow commands: consumers with an inbox) wait in quorum queues;
/// requests, which live only as long as their caller waits, in classic ones. By convention a consumer without an inbox
/// answers requests; here FlakyWorkConsumer (which only stands for one) gets the classic queue, WidgetCreatedConsumer
/// (transactional) the quorum queue.
/// </summary>
public sealed class When_request_endpoints_are_declared
{
    [Fact]
    public async Task Should_keep_messages_with_an_inbox_on_quorum_queues_and_requests_on_classic_ones()
    {
        await using var service = await ProbeService.StartAsync();
        Assert.Equal("quorum", await RabbitVirtualHost.QueueTypeAsync(service.VirtualHost, "widget-created"));
        Assert.Equal("classic", await RabbitVirtualHost.QueueTypeAsync(service.VirtualHost, "flaky-work"));
    }

    [Fact]
    public async Task Should_replace_a_request_queue_an_earlier_version_left_as_a_quorum_queue_and_start()
    {
        // As an earlier version left them: the queue and its _error queue quorum queues.
        await using var service = await ProbeService.StartAsync(beforeStart: async vhost =>
        {
            await RabbitVirtualHost.DeclareQueueAsync(vhost, "flaky-work", "quorum");
            await RabbitVirtualHost.DeclareQueueAsync(vhost, "flaky-work_error", "quorum");
        });
        // StartAsync waited for a healthy bus: every endpoint, this one included, is up.
        Assert.Equal("classic", await RabbitVirtualHost.QueueTypeAsync(service.VirtualHost, "flaky-work"));
        Assert.Equal("quorum", await RabbitVirtualHost.QueueTypeAsync(service.VirtualHost, "widget-created"));

        // A request that fails for good is parked in the _error queue, which stays a quorum queue (a message there
        // waits for a person and must outlive a broker restart), and the endpoint goes on answering.
        var bus = service.Services.GetRequiredService<MassTransit.IBus>();
        var failed = new Messages.FlakyWork(Guid.NewGuid(), Failures: 100, Transient: false);
        await bus.Publish(failed);
        await Eventually.True(async () => await RabbitVirtualHost.MessagesInAsync(service.VirtualHost, "flaky-work_error") == 1,
            TimeSpan.FromSeconds(60), "the failed message parked");
        Assert.Equal("quorum", await RabbitVirtualHost.QueueTypeAsync(service.VirtualHost, "flaky-work_error"));
        var next = new Messages.FlakyWork(Guid.NewGuid(), Failures: 0, Transient: false);
        await bus.Publish(next);
        await Eventually.True(() => Task.FromResult(FlakyWorkConsumer.Done.ContainsKey(next.Id)), TimeSpan.FromSeconds(30), "the next one handled");
    }
}
