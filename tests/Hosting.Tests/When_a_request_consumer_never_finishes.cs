using Marketplace.Hosting.Messaging;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Hosting.Tests.Messages
{
    public record Ask(Guid Id, bool Hang);

    public record Answered(Guid Id);
}

namespace Hosting.Tests
{
    using Hosting.Tests.Messages;

    /// <summary>
    /// Answers an Ask, or never finishes, as a consumer whose reply is a publish whose confirm was lost with its
    /// connection (rabbitmq-dotnet-client#1930) never does.
    /// </summary>
    public sealed class AskConsumer : IConsumer<Ask>
    {
        private static readonly TaskCompletionSource Never = new();

        public async Task Consume(ConsumeContext<Ask> context)
        {
            if (context.Message.Hang) await Never.Task;
            await context.RespondAsync(new Answered(context.Message.Id));
        }
    }

    /// <summary>One at a time, so one consumer that never finishes holds the endpoint.</summary>
    public sealed class AskConsumerDefinition : ConsumerDefinition<AskConsumer>
    {
        public AskConsumerDefinition() => Endpoint(e =>
        {
            e.PrefetchCount = 1;
            e.ConcurrentMessageLimit = 1;
        });
    }

    /// <summary>
    /// A request's consumer is let go a grace after its request expired (RequestDeadlineFilter), so a consumer that never
    /// finishes cannot hold its endpoint's slot for good.
    /// </summary>
    public sealed class When_a_request_consumer_never_finishes : IAsyncLifetime
    {
        private ProbeService _service = null!;

        public async Task InitializeAsync() =>
            _service = await ProbeService.StartAsync(new Dictionary<string, string?> { [RequestDeadline.Setting] = "00:00:01" });

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task Should_answer_the_next_request_once_the_stuck_ones_deadline_passed()
        {
            var client = _service.Services.GetRequiredService<IBus>().CreateRequestClient<Ask>();

            // The first holds the endpoint's one slot and is never answered; its caller gives up after a second.
            await Assert.ThrowsAsync<RequestTimeoutException>(() =>
                client.GetResponse<Answered>(new Ask(Guid.NewGuid(), Hang: true), timeout: RequestTimeout.After(s: 1)));

            // The next waits in the queue until the stuck one is let go (its expiry plus the one-second grace), then
            // is answered. Without the deadline the slot stays taken and this request times out.
            var next = Guid.NewGuid();
            var answer = await client.GetResponse<Answered>(new Ask(next, Hang: false), timeout: RequestTimeout.After(s: 20));
            Assert.Equal(next, answer.Message.Id);
        }

        [Fact]
        public async Task Should_leave_a_request_answered_in_time_alone()
        {
            var client = _service.Services.GetRequiredService<IBus>().CreateRequestClient<Ask>();
            var id = Guid.NewGuid();
            var answer = await client.GetResponse<Answered>(new Ask(id, Hang: false), timeout: RequestTimeout.After(s: 20));
            Assert.Equal(id, answer.Message.Id);
        }
    }
}
