using Hosting.Tests.Messages;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Hosting.Tests;

/// <summary>
/// A service tries a lost broker again every second, however often it went away before (Messaging/BrokerReconnect).
/// MassTransit's own schedule waited about 6, 9, 15, 27 and then 30 s between tries and kept counting across outages:
/// a broker away for a few tries was used again up to 30 s after it was back, and later outages waited longer.
/// </summary>
public sealed class When_the_broker_goes_away_again_and_again : IAsyncLifetime
{
    private ProbeService _service = null!;

    public async Task InitializeAsync() => _service = await ProbeService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Should_consume_again_within_seconds_of_its_return_every_time()
    {
        var bus = _service.Services.GetRequiredService<IBusControl>();
        for (var outage = 1; outage <= 3; outage++)
        {
            // Away until the service has tried it three times (every connection it makes is closed at once).
            var tried = _service.Rabbit.Refused;
            _service.Rabbit.Refuse();
            await Eventually.True(() => Task.FromResult(_service.Rabbit.Refused >= tried + 3), TimeSpan.FromSeconds(120),
                $"three tries during outage {outage}");
            Assert.NotEqual(BusHealthStatus.Healthy, bus.CheckHealth().Status);
            _service.Rabbit.Forward();

            var id = Guid.NewGuid();
            await using (var uow = await _service.Db.BeginAsync())
            {
                await uow.ExecuteAsync("insert into widgets (id, name) values (@id, 'w')", new { id });
                await uow.PublishAsync(new WidgetCreated(id, "w"));
                await uow.CommitAsync();
            }
            // Sent by the outbox relay and consumed by the service's own endpoint: both reconnected.
            await Eventually.True(async () => await _service.CountAsync("select count(*) from widget_events where widget_id = @id", new { id }) == 1,
                TimeSpan.FromSeconds(10), $"the service sends and consumes again after outage {outage}");
        }
    }
}
