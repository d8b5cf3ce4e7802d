using Marketplace.Testing;
using Xunit;

namespace Hosting.Tests;

/// <summary>
/// The outbox relay stamps the rows it sent together, before its next poll, instead of one statement and one commit
/// after each send (issue 11); and it stamps them on its way out, so a restart does not send them again.
/// </summary>
public sealed class When_the_relay_stamps_what_it_sent : IAsyncLifetime
{
    private ProbeService _service = null!;

    // A slow poll, so the stamps of sends one after another have time to gather; no straggler is polled meanwhile.
    public async Task InitializeAsync() => _service = await ProbeService.StartAsync(new Dictionary<string, string?>
    {
        ["Outbox:PollInterval"] = "00:00:05",
        ["Outbox:StragglerAge"] = "00:01:00",
    });

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private async Task<Guid> CreateAndDeliverAsync()
    {
        var id = await _service.CreateWidgetAsync();
        await Eventually.True(async () =>
            await _service.CountAsync("select count(*) from widget_events where widget_id = @id", new { id }) == 1, what: "event consumed");
        return id;
    }

    [Fact]
    public async Task Should_stamp_rows_sent_one_after_another_in_one_statement()
    {
        // Each commit is delivered before the next is made, so each is its own hand-over and its own send.
        for (var i = 0; i < 20; i++) await CreateAndDeliverAsync();

        await Eventually.True(async () => await _service.CountAsync("select count(*) from outbox where sent_at is null") == 0,
            TimeSpan.FromSeconds(30), "every row stamped sent");
        // One statement stamps with one now(): twenty sends stamped one by one would carry about twenty stamps. A poll
        // that fell among the sends splits them in two; a very slow machine's sends may span two polls.
        var stamps = await _service.CountAsync("select count(distinct sent_at) from outbox");
        Assert.InRange(stamps, 1, 3);
        Assert.Equal(20, await _service.CountAsync("select count(*) from outbox"));
    }

    [Fact]
    public async Task Should_stamp_what_it_sent_when_the_service_stops()
    {
        for (var i = 0; i < 3; i++) await CreateAndDeliverAsync();

        await _service.StopAsync();

        Assert.Equal(0, await _service.CountAsync("select count(*) from outbox where sent_at is null"));
        Assert.Equal(3, await _service.CountAsync("select count(*) from widget_events"));
    }
}
