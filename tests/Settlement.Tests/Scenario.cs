using System.Net;
using Dapper;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>Steps the settlement tests share: listing, booking through the real market, reading the ledger, reconciling.</summary>
public sealed class Scenario(SettlementMarket market)
{
    public ApiClient Admin { get; } = market.Admin();

    public async Task<(ApiClient Provider, ClusterDto Cluster)> ListClusterAsync(Window window, int nodeCount = 4, int gpusPerNode = 8,
        decimal ask = 2.10m, ApiClient? provider = null)
    {
        provider ??= await market.NewOrganizationAsync("provider");
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters",
            Samples.Cluster(nodeCount: nodeCount, gpusPerNode: gpusPerNode, ask: ask, region: window.Region, from: window.Start, until: window.End));
        return (provider, cluster);
    }

    /// <summary>Bids, waits for the win, and waits until settlement has charged the booking.</summary>
    public async Task<BookingDto> BookAsync(ApiClient tenant, Window window, int gpuCount = 8, int hours = 4, decimal maxPrice = 5m,
        DateTimeOffset? earliest = null)
    {
        var start = earliest ?? window.Start;
        var bid = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuCount: gpuCount, durationHours: hours, maxPrice: maxPrice,
            earliest: start, latest: start.AddHours(12), regions: [window.Region]));
        var won = await Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bid.Id}"), b => b.Status == "won", what: $"bid {bid.Id} won");
        // The bid wins a moment before allocation shows the booking (it is confirmed after the award).
        var booking = await Eventually.Until(async () =>
        {
            var response = await tenant.Http.GetAsync($"/v1/bookings/{won.BookingId}");
            return response.IsSuccessStatusCode ? await ApiClient.ReadSuccessAsync<BookingDto>(response) : null;
        }, b => b is not null, what: $"booking {won.BookingId} shown");
        await Eventually.Until(() => EntriesAsync(booking!.Id), e => e.Any(x => x.Kind == "charge"), what: $"booking {booking!.Id} charged");
        return booking!;
    }

    public async Task<List<LedgerEntryDto>> EntriesAsync(Guid bookingId, ApiClient? client = null) =>
        (await (client ?? Admin).GetAsync<Page<LedgerEntryDto>>($"/v1/ledger?bookingId={bookingId}&limit=200")).Items;

    /// <summary>Every page of a ledger listing.</summary>
    public static async Task<List<LedgerEntryDto>> AllEntriesAsync(ApiClient client, string query = "")
    {
        var all = new List<LedgerEntryDto>();
        string? cursor = null;
        do
        {
            var page = await client.GetAsync<Page<LedgerEntryDto>>($"/v1/ledger?limit=200{query}{(cursor is null ? "" : $"&cursor={cursor}")}");
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    public async Task<ReconciliationDto> ReconcileAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var response = await Admin.SendAsync(HttpMethod.Post, "/v1/reconciliations", new { from = Samples.Iso(from), to = Samples.Iso(to) });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await ApiClient.ReadSuccessAsync<ReconciliationStartedDto>(response);
        Assert.Equal("running", started.Status);
        Assert.Equal($"/v1/reconciliations/{started.Id}", response.Headers.Location?.OriginalString);
        var run = await Eventually.Until(() => Admin.GetAsync<ReconciliationDto>($"/v1/reconciliations/{started.Id}"),
            r => r.Status != "running", what: "reconciliation finished");
        Assert.Equal("completed", run.Status);
        return run;
    }

    public Task<ReconciliationDto> ReconcileAsync(Window window) => ReconcileAsync(window.Start, window.End);

    public Task<HttpResponseMessage> ResolveAsync(Guid discrepancyId, string action, decimal? amount = null, string? note = null, ApiClient? client = null) =>
        (client ?? Admin).SendAsync(HttpMethod.Post, $"/v1/discrepancies/{discrepancyId}/resolve", new { action, amount, note });

    /// <summary>Runs SQL against a service's own database: how tests inject the faults reconciliation must find.</summary>
    public async Task<int> ExecuteAsync(string service, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf(service)));
        return await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<T> ScalarAsync<T>(string service, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf(service)));
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async Task<List<T>> QueryAsync<T>(string service, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf(service)));
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }
}
