using Marketplace.Hosting;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hosting.Tests.Messages
{
    public record WidgetCreated(Guid WidgetId, string Name);
}

namespace Hosting.Tests
{
    using Hosting.Tests.Messages;

    /// <summary>Counts every WidgetCreated it handles, through the shared inbox.</summary>
    public sealed class WidgetCreatedConsumer(Db db) : TransactionalConsumer<WidgetCreated>(db)
    {
        protected override Task Handle(ConsumeContext<WidgetCreated> context, UnitOfWork uow) =>
            uow.ExecuteAsync("insert into widget_events (widget_id, message_id) values (@WidgetId, @messageId)",
                new { context.Message.WidgetId, messageId = context.MessageId });
    }

    /// <summary>
    /// A minimal service built with the same AddServiceDefaults as the real ones: its own database and virtual host,
    /// and RabbitMQ reached through a proxy the test can cut.
    /// </summary>
    public sealed class ProbeService : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly RabbitVirtualHost _vhost;

        private ProbeService(WebApplication app, RabbitVirtualHost vhost, TcpProxy rabbit, string database)
        {
            _app = app;
            _vhost = vhost;
            Rabbit = rabbit;
            Database = database;
        }

        public TcpProxy Rabbit { get; }
        public string Database { get; }
        /// <summary>The virtual host's name (the same as the database's).</summary>
        public string VirtualHost => Database;
        public IServiceProvider Services => _app.Services;
        public Db Db => _app.Services.GetRequiredService<Db>();

        /// <summary>An HTTP client of the service's real listener (127.0.0.1): a caller on this machine.</summary>
        public HttpClient Http() => new() { BaseAddress = new Uri(_app.Urls.First()) };

        /// <param name="beforeStart">Runs with the new virtual host's name before the service starts (to leave what an earlier version left).</param>
        public static async Task<ProbeService> StartAsync(IDictionary<string, string?>? settings = null, Func<string, Task>? beforeStart = null)
        {
            var id = "h" + Guid.NewGuid().ToString("N")[..12];
            var vhost = await RabbitVirtualHost.CreateAsync(id);
            if (beforeStart is not null) await beforeStart(id);
            var rabbit = new TcpProxy(TestEnvironment.RabbitHost, int.Parse(TestEnvironment.RabbitPort));
            rabbit.Start();
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Postgres:Host"] = TestEnvironment.PostgresHost,
                ["Postgres:Port"] = TestEnvironment.PostgresPort,
                ["Postgres:Username"] = TestEnvironment.PostgresUser,
                ["Postgres:Password"] = TestEnvironment.PostgresPassword,
                ["Postgres:Database"] = id,
                ["RabbitMq:Host"] = "127.0.0.1",
                ["RabbitMq:Port"] = rabbit.Port.ToString(),
                ["RabbitMq:Username"] = TestEnvironment.RabbitUser,
                ["RabbitMq:Password"] = TestEnvironment.RabbitPassword,
                ["RabbitMq:VirtualHost"] = id,
                ["Outbox:PollInterval"] = "00:00:00.100",
                // No environment is set, so this runs as Production: it needs a real key.
                ["Bus:CallerSigningKey"] = MarketplaceFixture.CallerSigningKey,
            });
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<IStartupFilter, TestClientAddress>();
            builder.AddServiceDefaults("probe", typeof(ProbeService).Assembly);
            var app = builder.Build();
            app.MapServiceDefaults();
            await app.StartAsync();
            // The bus starts in the background: wait until it is connected and its queues are bound.
            var health = app.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
            await Eventually.True(async () => (await health.CheckHealthAsync()).Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                TimeSpan.FromSeconds(60), "probe service ready");
            return new ProbeService(app, vhost, rabbit, id);
        }

        public async Task<long> CountAsync(string sql, object? param = null)
        {
            await using var uow = await Db.BeginAsync();
            return await uow.ExecuteScalarAsync<long>(sql, param);
        }

        public async Task<List<T>> QueryAsync<T>(string sql, object? param = null)
        {
            await using var uow = await Db.BeginAsync();
            return (await uow.QueryAsync<T>(sql, param)).ToList();
        }

        /// <summary>A state change that emits a message: a widget and its WidgetCreated, committed or left to roll back.</summary>
        public async Task<Guid> CreateWidgetAsync(bool commit = true)
        {
            var id = Guid.NewGuid();
            await using var uow = await Db.BeginAsync();
            await uow.ExecuteAsync("insert into widgets (id, name) values (@id, 'w')", new { id });
            await uow.PublishAsync(new WidgetCreated(id, "w"));
            if (commit) await uow.CommitAsync();
            return id;
        }

        /// <summary>Stops the service as a SIGTERM would, keeping its database for a look afterwards (DisposeAsync drops it).</summary>
        public Task StopAsync() => _app.StopAsync();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            await Rabbit.DisposeAsync();
            await TestDatabases.DropAsync([Database]);
            await _vhost.DisposeAsync();
        }
    }
}
