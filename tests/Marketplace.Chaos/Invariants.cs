using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Marketplace.Domain;
using Npgsql;

namespace Marketplace.Chaos;

/// <summary>One checked invariant: what was expected, what was found.</summary>
public sealed record Check(string Name, string Expected, string Actual, bool Passed);

/// <summary>
/// What must hold after any run, read from each service's own database (the authority on its facts) and through the
/// API: no acknowledged bid lost, no key creating twice, no node held twice, each booking with exactly one award, one
/// confirmed hold set and one charge, balanced ledger transactions, and a clean reconciliation.
/// </summary>
public sealed class Invariants(ChaosOptions options, MarketSetup market, LoadDriver load, OutageDriver outages)
{
    private NpgsqlConnection Db(string service) => new(options.PostgresConnectionString(service));

    /// <summary>Waits until the market has nothing of the run's left in flight: no open bid, no booking mid-workflow, every booking charged.</summary>
    public async Task<bool> WaitSettledAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var bidding = Db("bidding");
            await using var allocation = Db("allocation");
            await using var settlement = Db("settlement");
            var open = await bidding.ExecuteScalarAsync<long>("select count(*) from bids where tenant_id = any(@t) and status = 'open'", new { t = Tenants });
            var moving = await allocation.ExecuteScalarAsync<long>(
                "select count(*) from bookings where tenant_id = any(@t) and state in ('holding', 'awarding', 'confirming')", new { t = Tenants });
            var confirmed = await allocation.QueryAsync<Guid>("select id from bookings where tenant_id = any(@t) and state = 'confirmed'", new { t = Tenants });
            var charged = await settlement.ExecuteScalarAsync<long>(
                "select count(distinct booking_id) from ledger_transactions where kind = 'charge' and booking_id = any(@b)", new { b = confirmed.ToArray() });
            var losses = await allocation.ExecuteScalarAsync<long>("select count(*) from outage_losses where state in ('pending', 'moving')");
            if (open == 0 && moving == 0 && losses == 0 && charged == confirmed.Count()) return true;
            await Task.Delay(500);
        }
        return false;
    }

    public async Task<List<Check>> CheckAsync(string gateway)
    {
        var checks = new List<Check>();
        var keys = load.Keys.Values.ToList();
        await using var bidding = Db("bidding");
        await using var allocation = Db("allocation");
        await using var inventory = Db("inventory");
        await using var settlement = Db("settlement");

        var bids = (await bidding.QueryAsync<(Guid Id, string Status, Guid? BookingId)>(
            "select id, status, booking_id from bids where tenant_id = any(@t)", new { t = Tenants })).ToDictionary(b => b.Id);
        var acked = keys.Where(k => k.BidId is not null).ToList();
        var lost = acked.Count(k => !bids.ContainsKey(k.BidId!.Value));
        checks.Add(new("acknowledged bids that exist", $"{acked.Count}", $"{acked.Count - lost}", lost == 0));
        checks.Add(new("keys answered 201 in the end", $"{keys.Count}", $"{acked.Count}", acked.Count == keys.Count));
        var refused = keys.Where(k => k.Refused).GroupBy(k => k.RefusedWith).Select(g => $"{g.Key}×{g.Count()}");
        checks.Add(new("keys refused with a 4xx", "0", keys.Count(k => k.Refused) is var r && r == 0 ? "0" : string.Join(", ", refused), !keys.Any(k => k.Refused)));
        checks.Add(new("bids the load tenants own = keys used (0 duplicates)", $"{keys.Count}", $"{bids.Count}", bids.Count == keys.Count));
        var notWon = bids.Values.Count(b => b.Status != "won");
        checks.Add(new("bids won (capacity is ample)", $"{bids.Count}", $"{bids.Count - notWon}", notWon == 0));

        var overlaps = await inventory.ExecuteScalarAsync<long>(
            """
            select count(*) from node_holds a join node_holds b
              on a.cluster_id = b.cluster_id and a.node_index = b.node_index and a.id < b.id and a.period && b.period
            """);
        checks.Add(new("overlapping node holds", "0", $"{overlaps}", overlaps == 0));

        var bookings = (await allocation.QueryAsync<(Guid Id, Guid BidId, string State, int NodeCount)>(
            "select id, bid_id, state, node_count from bookings where tenant_id = any(@t) and state <> 'void'", new { t = Tenants })).ToList();
        var confirmed = bookings.Where(b => b.State == "confirmed").ToList();
        var awardsMatching = confirmed.Count(b => bids.TryGetValue(b.BidId, out var bid) && bid.Status == "won" && bid.BookingId == b.Id);
        var wonWithoutBooking = bids.Values.Count(b => b.Status == "won" && !confirmed.Any(c => c.Id == b.BookingId));
        checks.Add(new("confirmed bookings with their bid's award", $"{confirmed.Count}", $"{awardsMatching}", awardsMatching == confirmed.Count && confirmed.Count == bookings.Count));
        checks.Add(new("awards without a confirmed booking", "0", $"{wonWithoutBooking}", wonWithoutBooking == 0));

        var ids = confirmed.Select(b => b.Id).ToArray();
        // Node-hours, not node counts: an outage cuts a booking's rows and moves them to other nodes or clusters.
        var holds = (await inventory.QueryAsync<(Guid BookingId, decimal NodeHours, bool Booked)>(
            """
            select booking_id, sum(extract(epoch from upper(period) - lower(period)) / 3600)::numeric, bool_and(status = 'booked')
            from node_holds where booking_id = any(@ids) group by booking_id
            """, new { ids }))
            .ToDictionary(h => h.BookingId);
        var expected = (await allocation.QueryAsync<(Guid Id, Guid ClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Changes)>(
                "select id, cluster_id, node_count, starts_at, ends_at, changes::text from bookings where id = any(@ids)", new { ids }))
            .ToDictionary(b => b.Id, b => BookingSegments.Of(b.ClusterId, b.NodeCount, b.StartsAt, b.EndsAt, ChangesOf(b.Changes)).Sum(s => s.NodeHours));
        var badHolds = confirmed.Count(b => !holds.TryGetValue(b.Id, out var h) || h.NodeHours != expected[b.Id] || !h.Booked);
        checks.Add(new("confirmed bookings holding the node-hours their changes leave them", $"{confirmed.Count}", $"{confirmed.Count - badHolds}", badHolds == 0));

        var acknowledged = outages.Reported.Values.Where(id => id is not null).Select(id => id!.Value).ToArray();
        var stored = await inventory.ExecuteScalarAsync<long>("select count(*) from outages where id = any(@acknowledged)", new { acknowledged });
        checks.Add(new("acknowledged outages that exist", $"{acknowledged.Length}", $"{stored}", stored == acknowledged.Length));
        var losses = (await allocation.QueryAsync<(string State, long Count)>(
            "select state, count(*) from outage_losses where outage_id = any(@acknowledged) group by state", new { acknowledged })).ToList();
        var unfinished = losses.Where(l => l.State is "pending" or "moving").Sum(l => l.Count);
        checks.Add(new("bookings outages hit that were moved or credited", $"{losses.Sum(l => l.Count)}",
            $"{losses.Sum(l => l.Count) - unfinished}", unfinished == 0));
        var credited = (await allocation.QueryAsync<(Guid BookingId, Guid OutageId, DateTimeOffset StartsAt)>(
            """
            select b.id, (c->>'outageId')::uuid, (c->>'startsAt')::timestamptz
            from bookings b, jsonb_array_elements(b.changes) c where b.changes is not null and c->>'kind' = 'credited'
            """)).Select(c => $"credit:outage:{c.OutageId}:{c.BookingId}:{c.StartsAt.UtcTicks}").ToArray();
        var posted = await settlement.ExecuteScalarAsync<long>("select count(*) from ledger_transactions where cause = any(@credited)", new { credited });
        checks.Add(new("outage credits posted exactly once", $"{credited.Length}", $"{posted}", posted == credited.Length));
        var charges = (await settlement.QueryAsync<(Guid BookingId, long Count)>(
            "select booking_id, count(*) from ledger_transactions where kind = 'charge' and booking_id = any(@ids) group by booking_id", new { ids }))
            .ToDictionary(c => c.BookingId, c => c.Count);
        var badCharges = confirmed.Count(b => charges.GetValueOrDefault(b.Id) != 1);
        checks.Add(new("confirmed bookings charged exactly once", $"{confirmed.Count}", $"{confirmed.Count - badCharges}", badCharges == 0));

        var unbalanced = await settlement.ExecuteScalarAsync<long>(
            "select count(*) from (select transaction_id from ledger_entries group by transaction_id having sum(amount) <> 0) t");
        checks.Add(new("ledger transactions that do not sum to zero", "0", $"{unbalanced}", unbalanced == 0));

        var discrepancies = await ReconcileAsync(gateway);
        checks.Add(new("reconciliation discrepancies over the run's period", "0", discrepancies, discrepancies == "0"));

        var (same, different, examples) = await load.ReplayEveryKeyAsync();
        checks.Add(new("keys posted again that answer the same bid", $"{acked.Count}", different == 0 ? $"{same}" : $"{same} ({string.Join("; ", examples)})", different == 0 && same == acked.Count));
        return checks;
    }

    private Guid[] Tenants => market.TenantIds.ToArray();

    private static IEnumerable<SegmentChange> ChangesOf(string? json) => json is null ? []
        : JsonNode.Parse(json)!.AsArray().Select(c => new SegmentChange(c!["kind"]!.GetValue<string>(), c["clusterId"]!.GetValue<Guid>(),
            c["fromClusterId"]?.GetValue<Guid?>(), c["nodeCount"]!.GetValue<int>(), c["startsAt"]!.GetValue<DateTimeOffset>(), c["endsAt"]!.GetValue<DateTimeOffset>()));

    private async Task<string> ReconcileAsync(string gateway)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", options.AdminKey);
        var started = await http.PostAsJsonAsync("/v1/reconciliations", new { from = MarketSetup.Iso(market.From), to = MarketSetup.Iso(market.To) });
        if (!started.IsSuccessStatusCode) return $"could not start: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}";
        var id = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var run = JsonNode.Parse(await http.GetStringAsync($"/v1/reconciliations/{id}"))!;
            var status = run["status"]!.GetValue<string>();
            if (status == "failed") return "the run failed";
            if (status == "completed")
            {
                var found = run["discrepancies"]!.AsArray();
                return found.Count == 0 ? "0"
                    : $"{found.Count}: " + string.Join(", ", found.GroupBy(d => d!["kind"]!.GetValue<string>()).Select(g => $"{g.Key}×{g.Count()}"));
            }
            await Task.Delay(500);
        }
        return "not finished in 3 minutes";
    }
}
