using Hosting.Tests.Messages;
using Xunit;

namespace Hosting.Tests;

/// <summary>The transactional outbox: a state change and its messages commit together or not at all, and survive RabbitMQ being away.</summary>
public sealed class When_a_state_change_emits_messages : IAsyncLifetime
{
    private ProbeService _service = null!;

    public async Task InitializeAsync() => _service = await ProbeService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private Task<Guid> CreateWidgetAsync(bool commit) => _service.CreateWidgetAsync(commit);

    [Fact]
    public async Task Should_deliver_the_message_of_a_committed_change()
    {
        var id = await CreateWidgetAsync(commit: true);
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from widget_events where widget_id = @id", new { id }) == 1, what: "event consumed");
        // Stamped before the relay's next poll (it stamps what it sent together), not necessarily before the event arrives.
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from outbox where sent_at is null") == 0, what: "the row stamped sent");
    }

    [Fact]
    public async Task Should_relay_each_committed_message_once_while_the_poll_runs_beside_the_hand_over()
    {
        // Committed from many tasks at once, with the poll every 100 ms: a row handed over in memory must not also be
        // sent by the poll, which leaves rows younger than Outbox:StragglerAge to their writer (10 s here, so a busy
        // machine's slow send is not taken for a straggler).
        await _service.DisposeAsync();
        _service = await ProbeService.StartAsync(new Dictionary<string, string?> { ["Outbox:StragglerAge"] = "00:00:10" });
        var ids = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Task.Run(() => CreateWidgetAsync(commit: true))));
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(distinct widget_id) from widget_events") == ids.Length
            && await _service.CountAsync("select count(*) from outbox where sent_at is null") == 0, what: "all delivered and stamped");

        using var http = _service.Http();
        const string relayed = "marketplace_outbox_relayed_messages_total";
        const string handedOver = "path=\"handed_over\"";
        var body = await Marketplace.Testing.Eventually.Until(
            () => Marketplace.Testing.Scrape.UntilShownFromAsync(http, null, relayed),
            b => Marketplace.Testing.Scrape.Samples(b, relayed).Any(l => l.Contains(handedOver))
                 && Marketplace.Testing.Scrape.Value(b, relayed, handedOver) >= ids.Length, what: "relays counted");
        // Every one sent once, handed over by the transaction that committed it; none read back by the poll.
        Assert.Equal(ids.Length, Marketplace.Testing.Scrape.Value(body, relayed, handedOver));
        Assert.DoesNotContain(Marketplace.Testing.Scrape.Samples(body, relayed), l => l.Contains("path=\"polled\""));
    }

    [Fact]
    public async Task Should_send_a_row_another_instance_left_unsent()
    {
        // Written straight to the table, as an instance that stopped before sending leaves it: nothing hands it over.
        var id = Guid.NewGuid();
        await using (var uow = await _service.Db.BeginAsync())
        {
            await uow.ExecuteAsync(
                "insert into outbox (message_id, message_type, body) values (@messageId, @type, @body::jsonb)",
                new
                {
                    messageId = Guid.NewGuid(),
                    type = Marketplace.Hosting.Messaging.MessageTypes.NameOf(typeof(WidgetCreated)),
                    body = System.Text.Json.JsonSerializer.Serialize(new WidgetCreated(id, "orphan"), Marketplace.Hosting.Messaging.MessageTypes.Json),
                });
            await uow.CommitAsync();
        }
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from widget_events where widget_id = @id", new { id }) == 1
            && await _service.CountAsync("select count(*) from outbox where sent_at is null") == 0, what: "the orphan row delivered and stamped");
        using var http = _service.Http();
        var body = await Marketplace.Testing.Eventually.Until(
            () => Marketplace.Testing.Scrape.UntilShownFromAsync(http, null, "marketplace_outbox_relayed_messages_total"),
            b => Marketplace.Testing.Scrape.Samples(b, "marketplace_outbox_relayed_messages_total").Any(l => l.Contains("path=\"polled\"")),
            what: "the poll counted");
        Assert.Equal(1, Marketplace.Testing.Scrape.Value(body, "marketplace_outbox_relayed_messages_total", "path=\"polled\""));
    }

    [Fact]
    public async Task Should_neither_change_state_nor_send_when_rolled_back()
    {
        var rolledBack = await CreateWidgetAsync(commit: false);
        var committed = await CreateWidgetAsync(commit: true); // a later message: once it arrives, the relay has passed
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from widget_events where widget_id = @committed", new { committed }) == 1);

        Assert.Equal(0, await _service.CountAsync("select count(*) from widgets where id = @rolledBack", new { rolledBack }));
        Assert.Equal(0, await _service.CountAsync("select count(*) from widget_events where widget_id = @rolledBack", new { rolledBack }));
        Assert.Equal(0, await _service.CountAsync("select count(*) from outbox where body->>'widgetId' = @id", new { id = rolledBack.ToString() }));
    }

    [Fact]
    public async Task Should_neither_change_state_nor_send_when_the_commit_itself_fails()
    {
        // The outbox insert and the COMMIT travel together: a change refused only at COMMIT (a deferred constraint) must
        // leave neither its rows nor its messages, and the connection must go back to the pool fit for the next one.
        await using (var setup = await _service.Db.BeginAsync())
        {
            await setup.ExecuteAsync("create table if not exists commit_guard (n int unique deferrable initially deferred)");
            await setup.CommitAsync();
        }
        var refused = Guid.NewGuid();
        await using (var uow = await _service.Db.BeginAsync())
        {
            await uow.ExecuteAsync("insert into widgets (id, name) values (@refused, 'w')", new { refused });
            await uow.ExecuteAsync("insert into commit_guard (n) values (1), (1)"); // checked at COMMIT
            await uow.PublishAsync(new WidgetCreated(refused, "w"));
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => uow.CommitAsync());
            Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, error.SqlState);
        }

        var committed = await CreateWidgetAsync(commit: true); // the pool's connections still work; once it arrives, the relay has passed
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from widget_events where widget_id = @committed", new { committed }) == 1);
        Assert.Equal(0, await _service.CountAsync("select count(*) from widgets where id = @refused", new { refused }));
        Assert.Equal(0, await _service.CountAsync("select count(*) from widget_events where widget_id = @refused", new { refused }));
        Assert.Equal(0, await _service.CountAsync("select count(*) from outbox where body->>'widgetId' = @id", new { id = refused.ToString() }));
        Assert.Equal(0, await _service.CountAsync("select count(*) from commit_guard"));
    }

    [Fact]
    public async Task Should_keep_messages_while_rabbitmq_is_unreachable_and_deliver_them_once_it_is_back()
    {
        _service.Rabbit.Cut();
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++) ids.Add(await CreateWidgetAsync(commit: true));

        // The changes are committed and their messages wait in the outbox.
        Assert.Equal(20, await _service.CountAsync("select count(*) from widgets"));
        Assert.Equal(20, await _service.CountAsync("select count(*) from outbox where sent_at is null"));

        _service.Rabbit.Start();
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(distinct widget_id) from widget_events") == 20,
            TimeSpan.FromSeconds(60), "all messages delivered after RabbitMQ came back");
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(*) from outbox where sent_at is null") == 0, what: "every row stamped sent");
        Assert.Equal(20, await _service.CountAsync("select count(*) from widget_events")); // each handled once
    }

    [Fact]
    public async Task Should_write_a_transactions_messages_in_the_order_published_and_drop_those_rolled_back_to_a_savepoint()
    {
        _service.Rabbit.Cut(); // keep them in the outbox to read their order
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var undone = Guid.NewGuid();
        await using (var uow = await _service.Db.BeginAsync())
        {
            foreach (var id in ids.Take(3)) await uow.PublishAsync(new WidgetCreated(id, "w"));
            await uow.SaveAsync("part");
            await uow.PublishAsync(new WidgetCreated(undone, "undone"));
            await uow.RollbackToAsync("part");
            foreach (var id in ids.Skip(3)) await uow.PublishAsync(new WidgetCreated(id, "w"));
            // Messages wait in memory until commit: nothing is in the outbox yet.
            Assert.Equal(0L, await uow.ExecuteScalarAsync<long>("select count(*) from outbox"));
            await uow.CommitAsync();
        }
        var order = (await _service.QueryAsync<string>("select body->>'widgetId' from outbox order by id")).ToList();
        Assert.Equal(ids.Select(i => i.ToString()), order);
        _service.Rabbit.Start();
        await Marketplace.Testing.Eventually.True(async () =>
            await _service.CountAsync("select count(distinct widget_id) from widget_events") == 5, TimeSpan.FromSeconds(60), "delivered");
        Assert.Equal(0, await _service.CountAsync("select count(*) from widget_events where widget_id = @undone", new { undone }));
    }
}
