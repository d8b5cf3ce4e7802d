using System.Net;
using System.Net.Http.Json;
using Marketplace.Hosting.Messaging;
using Marketplace.Testing;
using MassTransit;
using Npgsql;
using Xunit;

namespace Gateway.Tests;

/// <summary>A marketplace whose gateway reaches RabbitMQ through a proxy the test can cut or stall, and would wait a minute for a service.</summary>
public class GatewayBehindABrokerProxy : MarketplaceFixture
{
    public TcpProxy Broker { get; } = new(TestEnvironment.RabbitHost, int.Parse(TestEnvironment.RabbitPort));

    /// <summary>Gateway:ServiceTimeout.</summary>
    protected virtual TimeSpan ServiceTimeout => TimeSpan.FromMinutes(1);

    /// <summary>
    /// Placements go through the broker here, as when no bidding instance answers the gateway (ADR 0016): the broker's
    /// way is what these tests are about.
    /// </summary>
    protected override bool BiddingOnSocket => false;

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        if (service == "gateway") settings["RabbitMq:Port"] = Broker.Port.ToString();
        settings["Gateway:ServiceTimeout"] = ServiceTimeout.ToString();
        return settings;
    }

    public override Task InitializeAsync()
    {
        Broker.Start();
        return base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        Broker.Resume();
        await base.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

/// <summary>Issue 9: while the broker is down the gateway answers 503 with Retry-After at once, not after the service timeout.</summary>
public sealed class When_the_message_bus_is_away(GatewayBehindABrokerProxy market) : IClassFixture<GatewayBehindABrokerProxy>
{
    [Fact]
    public async Task Should_answer_503_with_retry_after_at_once_and_serve_again_once_it_is_back()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        Assert.Empty((await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items);

        market.Broker.Cut();
        await Eventually.True(async () => !(await market.Gateway.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the gateway notices the broker is gone");
        var started = DateTime.UtcNow;
        var response = await tenant.Http.GetAsync("/v1/bids");

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("message bus", problem["detail"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        // Not the service timeout (a minute here): the gateway did not send into a bus it knows is down.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the gateway waited for the service timeout");

        market.Broker.Start();
        await Eventually.True(async () => (await tenant.Http.GetAsync("/v1/bids")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the gateway serves again once the broker is back");
    }
}

/// <summary>The gateway behind a broker proxy, sending placements straight to bidding (ADR 0016) as up.sh's does.</summary>
public sealed class GatewayBehindABrokerProxyWithBiddingStraight : GatewayBehindABrokerProxy
{
    protected override bool BiddingOnSocket => true;
}

/// <summary>
/// ADR 0016: placements go straight to bidding over HTTP, so they are taken while the gateway's broker is away; the
/// requests that only the broker carries (a list of bids) are answered 503 at once, as before.
/// </summary>
public sealed class When_the_message_bus_is_away_and_bidding_is_not(GatewayBehindABrokerProxyWithBiddingStraight market)
    : IClassFixture<GatewayBehindABrokerProxyWithBiddingStraight>
{
    [Fact]
    public async Task Should_still_place_bids_and_answer_the_rest_503()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        market.Broker.Cut();
        try
        {
            await Eventually.True(async () => !(await market.Gateway.GetAsync("/health/ready")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(30), "the gateway notices the broker is gone");

            var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(), idempotencyKey: Guid.NewGuid().ToString());

            Assert.Equal("open", bid.Status);
            await ApiClient.AssertProblemAsync(await tenant.Http.GetAsync("/v1/bids"), HttpStatusCode.ServiceUnavailable);
        }
        finally { market.Broker.Start(); }
        await Eventually.True(async () => (await tenant.Http.GetAsync("/v1/bids")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the gateway serves again once the broker is back");
    }
}

/// <summary>
/// ADR 0012: placements travel to bidding together, each waiting for the one on its way. When the broker goes away
/// while a placement is on its way (its answer cannot come), the next is answered 503 at once, and the one on its way
/// too (BusWatch), saying its outcome is not known: neither waits for the timeout.
/// </summary>
public sealed class When_the_message_bus_goes_away_under_a_placement(GatewayBehindABrokerProxy market) : IClassFixture<GatewayBehindABrokerProxy>
{
    [Fact]
    public async Task Should_answer_the_next_placement_and_the_one_on_its_way_503_at_once()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        Task<HttpResponseMessage> stuck;
        await using (var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding"))))
        {
            await blocker.OpenAsync();
            await using var tx = await blocker.BeginTransactionAsync();
            await using (var lockBids = new NpgsqlCommand("lock table bids in exclusive mode", blocker, tx)) await lockBids.ExecuteNonQueryAsync();
            stuck = tenant.Http.PostAsync("/v1/bids", JsonContent.Create(Samples.Bid()));
            await Eventually.True(async () => await WaitingForTheBidsTableAsync() > 0, what: "the first placement waits in bidding");

            market.Broker.Cut();
            await Eventually.True(async () => !(await market.Gateway.GetAsync("/health/ready")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(30), "the gateway notices the broker is gone");
            var started = DateTime.UtcNow;
            var response = await tenant.Http.PostAsync("/v1/bids", JsonContent.Create(Samples.Bid()));

            var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("message bus", problem["detail"]!.GetValue<string>());
            // Not after the stuck placement's timeout (a minute here).
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the placement waited behind the stuck one");

            var onItsWay = await ApiClient.AssertProblemAsync(await stuck.WaitAsync(TimeSpan.FromSeconds(30)), HttpStatusCode.ServiceUnavailable);
            Assert.Contains("went away while the request was on its way", onItsWay["detail"]!.GetValue<string>());
            await tx.CommitAsync();
        }

        market.Broker.Start();
        await Eventually.True(async () => (await tenant.Http.PostAsync("/v1/bids", JsonContent.Create(Samples.Bid()))).StatusCode == HttpStatusCode.Created,
            TimeSpan.FromSeconds(120), "placements go through once the broker is back");
    }

    private async Task<long> WaitingForTheBidsTableAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_locks where not granted and relation = 'bids'::regclass", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

/// <summary>A service's fault is a client's 503 (retry) when its database or broker failed under it, and a 500 when it is a defect.</summary>
public sealed class When_a_service_faults
{
    [Theory]
    [InlineData("Npgsql.NpgsqlException", "Exception while reading from stream", true)]
    [InlineData("Npgsql.PostgresException", "57P01: terminating connection due to administrator command", true)]
    [InlineData("Npgsql.PostgresException", "08006: connection failure", true)]
    [InlineData("System.TimeoutException", "The operation has timed out.", true)]
    [InlineData("Npgsql.PostgresException", "23505: duplicate key value violates unique constraint", false)]
    [InlineData("System.NullReferenceException", "Object reference not set to an instance of an object.", false)]
    public void Should_tell_a_transient_fault_from_a_defect(string type, string message, bool transient) =>
        Assert.Equal(transient, TransientExceptions.Is(new AFault([new AnException(type, message, null)])));

    [Fact]
    public void Should_look_at_the_cause_of_a_wrapped_exception() =>
        Assert.True(TransientExceptions.Is(new AFault([new AnException("System.InvalidOperationException", "wrapped",
            new AnException("Npgsql.NpgsqlException", "Failed to connect to 127.0.0.1:5432", null))])));

    private sealed record AFault(ExceptionInfo[] Exceptions) : Fault
    {
        public Guid FaultId => Guid.Empty;
        public Guid? FaultedMessageId => null;
        public DateTime Timestamp => DateTime.UtcNow;
        public HostInfo Host => null!;
        public string[] FaultMessageTypes => [];
    }

    private sealed record AnException(string ExceptionType, string Message, ExceptionInfo? InnerException) : ExceptionInfo
    {
        public string StackTrace => "";
        public string Source => "";
        public IDictionary<string, object> Data => new Dictionary<string, object>();
    }
}
