using Marketplace.Testing;
using Xunit;

namespace Hosting.Tests;

/// <summary>
/// ADR 0011: messages that must not be lost (events, workflow commands: consumers with an inbox) wait in quorum queues;
/// requests, which live only as long as their caller waits, in classic ones. A consumer without an inbox is a request
/// consumer (here FlakyWorkConsumer; WidgetCreatedConsumer is transactional).
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
        await using var service = await ProbeService.StartAsync(
            beforeStart: vhost => RabbitVirtualHost.DeclareQueueAsync(vhost, "flaky-work", "quorum"));
        // StartAsync waited for a healthy bus: every endpoint, this one included, is up.
        Assert.Equal("classic", await RabbitVirtualHost.QueueTypeAsync(service.VirtualHost, "flaky-work"));
        Assert.Equal("quorum", await RabbitVirtualHost.QueueTypeAsync(service.VirtualHost, "widget-created"));
    }
}
