using System.Collections.Concurrent;
using Hosting.Tests.Messages;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Hosting.Tests.Messages
{
    /// <summary>Fails <c>Failures</c> times, transiently (as a dropped database connection) or as a defect, then succeeds.</summary>
    public record FlakyWork(Guid Id, int Failures, bool Transient);
}

namespace Hosting.Tests
{
    public sealed class FlakyWorkConsumer : IConsumer<FlakyWork>
    {
        public static readonly ConcurrentDictionary<Guid, int> Attempts = new();
        public static readonly ConcurrentDictionary<Guid, bool> Done = new();

        public Task Consume(ConsumeContext<FlakyWork> context)
        {
            var work = context.Message;
            if (Attempts.AddOrUpdate(work.Id, 1, (_, n) => n + 1) <= work.Failures)
                throw work.Transient
                    ? new NpgsqlException("Exception while reading from stream", new TimeoutException("simulated"))
                    : new InvalidOperationException("simulated defect");
            Done[work.Id] = true;
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// ADR 0006 as amended by issue 9: a failure the message can outlive (the database restarting) is retried for about
    /// two minutes rather than parked in _error after five quick retries; a defect is parked after five.
    /// </summary>
    public sealed class When_a_consumer_fails : IAsyncLifetime
    {
        private ProbeService _service = null!;

        public async Task InitializeAsync() => _service = await ProbeService.StartAsync();

        public async Task DisposeAsync() => await _service.DisposeAsync();

        [Fact]
        public async Task Should_outlive_a_transient_failure_longer_than_the_quick_retries()
        {
            var work = new FlakyWork(Guid.NewGuid(), Failures: 7, Transient: true);
            await _service.Services.GetRequiredService<IBus>().Publish(work);

            await Eventually.True(() => Task.FromResult(FlakyWorkConsumer.Done.ContainsKey(work.Id)), TimeSpan.FromSeconds(90), "the work is done");
            Assert.Equal(8, FlakyWorkConsumer.Attempts[work.Id]);
            Assert.Equal(0, await ErrorQueueDepthAsync());
        }

        [Fact]
        public async Task Should_park_a_defect_in_the_error_queue_after_five_retries()
        {
            var work = new FlakyWork(Guid.NewGuid(), Failures: int.MaxValue, Transient: false);
            await _service.Services.GetRequiredService<IBus>().Publish(work);

            await Eventually.True(async () => await ErrorQueueDepthAsync() == 1, TimeSpan.FromSeconds(60), "the message is parked");
            Assert.Equal(6, FlakyWorkConsumer.Attempts[work.Id]);
            Assert.False(FlakyWorkConsumer.Done.ContainsKey(work.Id));
        }

        private Task<long> ErrorQueueDepthAsync() => RabbitVirtualHost.MessagesInAsync(_service.Database, "flaky-work_error");
    }
}
