using BenchmarkDotNet.Attributes;
using Marketplace.Allocation.MarketData;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Marketplace.Benchmarks;

/// <summary>
/// GET /v1/market/prices' query (issue 12: ≤ 50 ms for 366 daily points over 1,000,000 bookings), against a real
/// PostgreSQL: the database <c>bench_price_history</c> is migrated with allocation's migrations and seeded once through
/// <see cref="PriceSeries.RecordAsync(UnitOfWork, IReadOnlyList{PriceSeries.Tick})"/>, the code the confirming
/// transaction runs: 1,000,000 bookings spread over 366 days, one H100 model, 4 regions. Later runs reuse it. Server
/// from the usual environment variables (Postgres__Host, … as deploy/local/env.sh), default the local one.
/// </summary>
[MedianColumn]
[MinColumn]
[MaxColumn]
public class PriceHistoryBenchmark
{
    private const string Model = "H100-SXM-80GB";
    private const int Bookings = 1_000_000;
    private static readonly DateTimeOffset Start = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-south-1"];
    private Db _db = null!;

    [Params("day-all-regions", "day-one-region", "hour-30-days")]
    public string Query { get; set; } = "day-all-regions";

    [GlobalSetup]
    public void Setup()
    {
        DapperSetup.Configure();
        var cs = new NpgsqlConnectionStringBuilder
        {
            Host = Env("Postgres__Host", "127.0.0.1"), Port = int.Parse(Env("Postgres__Port", "5432")),
            Username = Env("Postgres__Username", "marketplace"), Password = Env("Postgres__Password", "marketplace"),
            Database = "bench_price_history",
        }.ConnectionString;
        DatabaseMigrator.MigrateAsync(cs, typeof(PriceSeries).Assembly, NullLogger.Instance, CancellationToken.None).GetAwaiter().GetResult();
        _db = new Db(NpgsqlDataSource.Create(cs), new OutboxSignal());
        SeedAsync().GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<IReadOnlyList<Contracts.Allocation.PricePointView>> Read() => Query switch
    {
        "day-one-region" => PriceHistory.ReadAsync(_db, Model, "eu-west-1", "day", Start, Start.AddDays(366), CancellationToken.None),
        "hour-30-days" => PriceHistory.ReadAsync(_db, Model, null, "hour", Start.AddDays(300), Start.AddDays(330), CancellationToken.None),
        _ => PriceHistory.ReadAsync(_db, Model, null, "day", Start, Start.AddDays(366), CancellationToken.None),
    };

    private async Task SeedAsync()
    {
        var recorded = await _db.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "select count(*) from price_ticks"));
        if (recorded >= Bookings) return;
        await _db.ReadAsync(c => Dapper.SqlMapper.ExecuteAsync(c, "truncate price_ticks, price_hours, clusters"));
        var clusters = Regions.Select(_ => Guid.NewGuid()).ToArray();
        await using (var uow = await _db.BeginAsync())
        {
            for (var i = 0; i < clusters.Length; i++)
                await uow.ExecuteAsync(
                    """
                    insert into clusters (id, provider_id, gpu_model, region, interconnect_kind, gbps_per_node, gpus_per_node, node_count,
                                          ask_price, available_from, available_until, status, version)
                    values (@id, gen_random_uuid(), @Model, @region, 'infiniband', 3200, 8, 100, 2, @Start, @until, 'active', now())
                    """, new { id = clusters[i], Model, region = Regions[i], Start, until = Start.AddDays(400) });
            await uow.CommitAsync();
        }
        var random = new Random(20261205);
        const int batch = 10_000;
        for (var done = 0; done < Bookings; done += batch)
        {
            var ticks = Enumerable.Range(done, batch).Select(i => new PriceSeries.Tick(Guid.NewGuid(), clusters[random.Next(clusters.Length)],
                Start.AddSeconds(i * (366.0 * 86_400 / Bookings)), 1.50m + random.Next(0, 100) / 100m, 8 * random.Next(1, 48))).ToList();
            await using var uow = await _db.BeginAsync();
            await PriceSeries.RecordAsync(uow, ticks);
            await uow.CommitAsync();
        }
        await _db.ReadAsync(c => Dapper.SqlMapper.ExecuteAsync(c, "analyze price_ticks; analyze price_hours"));
    }

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}
