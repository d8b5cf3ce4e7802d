using System.Net;
using Marketplace.Domain;
using Marketplace.Testing;
using Xunit;

namespace Allocation.Tests;

public sealed record ChangeDto(DateTimeOffset At, string Kind, Guid ClusterId, int NodeCount, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    decimal GpuHours, decimal Amount, Guid? FromClusterId, Guid? OutageId);
public sealed record ChangedBookingDto(Guid Id, Guid TenantId, Guid ProviderId, Guid ClusterId, int NodeCount, int GpuCount,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal PricePerGpuHour, decimal TotalPrice, string Status, List<ChangeDto> Changes);
public sealed record OutageEffectDto(Guid BookingId, string Action, decimal GpuHours, decimal Amount, Guid? ToClusterId);
public sealed record OutageDto(Guid Id, Guid ClusterId, List<int> NodeIndexes, DateTimeOffset From, DateTimeOffset? Until, string Reason,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, List<OutageEffectDto> Effects);
public sealed record EntryDto(Guid TransactionId, string Account, Guid? OrganizationId, Guid? BookingId, string Kind, decimal Amount);
public sealed record SlotDto(DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid BookingId);
public sealed record OutageSlotDto(DateTimeOffset StartsAt, DateTimeOffset? EndsAt, Guid OutageId);
public sealed record NodeDto(int Index, List<SlotDto> Holds, List<OutageSlotDto> Outages);
public sealed record CalendarDto(Guid ClusterId, List<NodeDto> Nodes);
public sealed record RunDto(Guid Id, string Status, List<RunDiscrepancyDto> Discrepancies);
public sealed record RunDiscrepancyDto(Guid Id, string Kind, Guid BookingId, string Details);
public sealed record EventDto(Guid Id, string Type, DateTimeOffset At, System.Text.Json.Nodes.JsonObject Data);
public sealed record EventPage(List<EventDto> Items, string? NextCursor);

/// <summary>Reconciliation with no grace period, so a run right after an outage already judges its effects.</summary>
public sealed class OutageMarket : MarketplaceFixture
{
    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Settlement:ReconciliationGrace"] = "00:00:00";
        settings["Settlement:ReconciliationPollInterval"] = "00:00:00.200";
        settings["Allocation:OutageSweepInterval"] = "00:00:00.200";
        return settings;
    }
}

/// <summary>
/// API.md "Outages": each test has a GPU model of its own, so no other test's cluster is a place to move to (the two
/// A10G tests stay apart by price and size: the reconciliation test's one-node cluster asks less than any booking here pays).
/// </summary>
public sealed class When_a_node_fails_under_a_booking(OutageMarket market) : IClassFixture<OutageMarket>
{
    private const decimal Fee = 0.10m;

    private async Task<(ApiClient Provider, ApiClient Tenant, ClusterDto Cluster, ChangedBookingDto Booking)> BookAsync(
        string gpuModel, int clusterNodes, int gpuCount, int hours = 24, decimal ask = 2.00m, int startInHours = 3)
    {
        var provider = await market.NewOrganizationAsync("provider");
        var tenant = await market.NewOrganizationAsync("tenant");
        var from = Samples.NextHour.AddHours(startInHours);
        var cluster = await provider.PostAsync<ClusterDto>("/v1/clusters",
            Samples.Cluster(gpuModel: gpuModel, nodeCount: clusterNodes, ask: ask, from: Samples.NextHour, until: from.AddDays(5)));
        var bid = await tenant.PostAsync<BidDto>("/v1/bids",
            Samples.Bid(gpuModel: gpuModel, gpuCount: gpuCount, durationHours: hours, maxPrice: ask, earliest: from, latest: from));
        var won = await MarketScenarios.WonAsync(tenant, bid.Id);
        var booking = await Eventually.Until(() => tenant.GetAsync<ChangedBookingDto>($"/v1/bookings/{won.BookingId}"), _ => true);
        // Charged, so what follows is judged against a settled booking.
        await Eventually.True(async () => (await LedgerAsync(booking.Id)).Any(e => e.Kind == "charge"), what: "the booking charged");
        return (provider, tenant, cluster, booking);
    }

    /// <summary>
    /// Lists a spare cluster and waits until allocation knows it: the listing reaches allocation on another queue than
    /// the outage that follows, and an outage that arrives first finds no spare (the booking is credited, not moved).
    /// </summary>
    private async Task<ClusterDto> SpareAsync(ApiClient spareProvider, object cluster)
    {
        var spare = await spareProvider.PostAsync<ClusterDto>("/v1/clusters", cluster);
        await AllocationAssertions.ClusterKnownAsync(market, spare.Id);
        return spare;
    }

    private async Task<List<EntryDto>> LedgerAsync(Guid bookingId) =>
        (await market.Admin().GetAsync<Page<EntryDto>>($"/v1/ledger?bookingId={bookingId}&limit=200")).Items;

    private static Dictionary<string, object?> Outage(IEnumerable<int>? nodes, DateTimeOffset from, DateTimeOffset? until = null) => new()
    {
        ["nodeIndexes"] = nodes?.ToArray(),
        ["from"] = Samples.Iso(from),
        ["until"] = until is null ? null : Samples.Iso(until.Value),
        ["reason"] = "GPU fell off the bus (Xid 79)",
    };

    private Task<ChangedBookingDto> ChangedAsync(ApiClient tenant, Guid bookingId, int changes) =>
        Eventually.Until(() => tenant.GetAsync<ChangedBookingDto>($"/v1/bookings/{bookingId}"), b => b.Changes.Count >= changes,
            what: $"booking {bookingId} shows {changes} change(s)");

    private Task AssertReconciledAsync(params Guid[] bookingIds) =>
        AssertReconciledOverAsync(Samples.NextHour.AddDays(-1), Samples.NextHour.AddDays(8), bookingIds);

    private async Task AssertReconciledOverAsync(DateTimeOffset from, DateTimeOffset to, params Guid[] bookingIds) =>
        Assert.DoesNotContain((await ReconcileAsync(from, to)).Discrepancies, d => bookingIds.Contains(d.BookingId));

    private async Task<RunDto> ReconcileAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var admin = market.Admin();
        var started = await admin.PostAsync<RunDto>("/v1/reconciliations", new { from = Samples.Iso(from), to = Samples.Iso(to) });
        var run = await Eventually.Until(() => admin.GetAsync<RunDto>($"/v1/reconciliations/{started.Id}"), r => r.Status != "running",
            what: "the reconciliation run");
        Assert.Equal("completed", run.Status);
        return run;
    }

    /// <summary>The organization's feed tells it, once, that the outage changed the booking.</summary>
    private static async Task AssertToldAsync(ApiClient organization, string type, Guid bookingId)
    {
        var told = await Eventually.Until(async () => (await organization.GetAsync<EventPage>("/v1/events?limit=200")).Items
                .Where(e => e.Type == type && e.Data["booking"]?["id"]?.GetValue<Guid>() == bookingId).ToList(),
            events => events.Count > 0, what: $"{type} in the feed");
        Assert.Single(told);
    }

    private static void AssertBalanced(IEnumerable<EntryDto> entries)
    {
        foreach (var transaction in entries.GroupBy(e => e.TransactionId)) Assert.Equal(0m, transaction.Sum(e => e.Amount));
    }

    [Fact]
    public async Task A_gang_that_cannot_stay_on_its_cluster_moves_whole_to_a_spare_one_and_its_new_provider_is_paid()
    {
        // 3 of the cluster's 4 nodes booked; 2 of them fail: one spare node is not enough, so the whole gang moves.
        var (provider, tenant, cluster, booking) = await BookAsync("B200-SXM-192GB", clusterNodes: 4, gpuCount: 24);
        var spareProvider = await market.NewOrganizationAsync("provider");
        var spare = await SpareAsync(spareProvider,
            Samples.Cluster(gpuModel: "B200-SXM-192GB", nodeCount: 4, ask: 1.90m, from: Samples.NextHour, until: booking.EndsAt.AddDays(1)));
        var calendar = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?from={Samples.Iso(booking.StartsAt)}&to={Samples.Iso(booking.EndsAt)}");
        var booked = calendar.Nodes.Where(n => n.Holds.Any(h => h.BookingId == booking.Id)).Select(n => n.Index).ToList();
        Assert.Equal(3, booked.Count);

        var outage = await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage(booked.Take(2), booking.StartsAt));
        Assert.Null(outage.Until);

        var moved = await ChangedAsync(tenant, booking.Id, 1);
        var change = Assert.Single(moved.Changes);
        Assert.Equal(("moved", spare.Id, cluster.Id, outage.Id), (change.Kind, change.ClusterId, change.FromClusterId, change.OutageId));
        Assert.Equal((booking.StartsAt, booking.EndsAt, 3), (change.StartsAt, change.EndsAt, change.NodeCount));
        Assert.Equal(booking.TotalPrice, moved.TotalPrice);
        Assert.Equal(booking.PricePerGpuHour, moved.PricePerGpuHour);
        Assert.Equal(booking.GpuCount * 24m, change.GpuHours);
        Assert.Equal(booking.TotalPrice, change.Amount);

        // The payout of the moved hours goes from the old provider to the new one; the tenant pays what it paid.
        var ledger = await Eventually.Until(() => LedgerAsync(booking.Id), l => l.Any(e => e.OrganizationId == spareProvider.OrganizationId),
            what: "the new provider paid");
        AssertBalanced(ledger);
        Assert.Equal(-booking.TotalPrice, ledger.Where(e => e.OrganizationId == tenant.OrganizationId).Sum(e => e.Amount));
        Assert.Equal(0m, ledger.Where(e => e.OrganizationId == provider.OrganizationId).Sum(e => e.Amount));
        Assert.Equal(booking.TotalPrice * (1 - Fee), ledger.Where(e => e.OrganizationId == spareProvider.OrganizationId).Sum(e => e.Amount));

        // The new provider sees the booking and its calendar shows it; the outage lists its effect.
        Assert.Equal(booking.Id, (await spareProvider.GetAsync<ChangedBookingDto>($"/v1/bookings/{booking.Id}")).Id);
        var spareCalendar = await spareProvider.GetAsync<CalendarDto>($"/v1/clusters/{spare.Id}/calendar?from={Samples.Iso(booking.StartsAt)}&to={Samples.Iso(booking.EndsAt)}");
        Assert.Equal(3, spareCalendar.Nodes.Count(n => n.Holds.Any(h => h.BookingId == booking.Id)));
        var effects = await Eventually.Until(async () => (await provider.GetAsync<Page<OutageDto>>($"/v1/clusters/{cluster.Id}/outages")).Items.Single(),
            o => o.Effects.Count > 0, what: "the outage's effect");
        Assert.Equal(("moved", spare.Id), (effects.Effects.Single().Action, effects.Effects.Single().ToClusterId));
        var oldCalendar = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?from={Samples.Iso(booking.StartsAt)}&to={Samples.Iso(booking.EndsAt)}");
        Assert.DoesNotContain(oldCalendar.Nodes, n => n.Holds.Any(h => h.BookingId == booking.Id));
        Assert.Equal(2, oldCalendar.Nodes.Count(n => n.Outages.Any(o => o.OutageId == outage.Id)));

        await AssertToldAsync(tenant, "booking.moved", booking.Id);
        await AssertToldAsync(provider, "booking.moved", booking.Id);
        await AssertToldAsync(spareProvider, "booking.moved", booking.Id);
        await AssertReconciledAsync(booking.Id);
    }

    [Fact]
    public async Task With_no_spare_capacity_the_tenant_is_credited_exactly_the_lost_gpu_hours_once()
    {
        var (provider, tenant, cluster, booking) = await BookAsync("A100-SXM-40GB", clusterNodes: 2, gpuCount: 16, hours: 24);
        var outage = await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages",
            Outage([1], booking.StartsAt.AddHours(2), booking.StartsAt.AddHours(7)));

        var credited = await ChangedAsync(tenant, booking.Id, 1);
        var change = Assert.Single(credited.Changes);
        var lost = 1 * 8 * 5m; // one node of 8 GPUs for 5 hours
        Assert.Equal(("credited", cluster.Id, lost, lost * booking.PricePerGpuHour), (change.Kind, change.ClusterId, change.GpuHours, change.Amount));
        Assert.Equal((booking.StartsAt.AddHours(2), booking.StartsAt.AddHours(7)), (change.StartsAt, change.EndsAt));

        var ledger = await Eventually.Until(() => LedgerAsync(booking.Id), l => l.Any(e => e.Kind == "credit"), what: "the credit posted");
        AssertBalanced(ledger);
        var credit = ledger.Where(e => e.Kind == "credit").ToList();
        Assert.Single(credit.Select(e => e.TransactionId).Distinct());
        Assert.Equal(change.Amount, credit.Single(e => e.OrganizationId == tenant.OrganizationId).Amount);
        Assert.Equal(-change.Amount * (1 - Fee), credit.Single(e => e.OrganizationId == provider.OrganizationId).Amount);
        Assert.Equal(-change.Amount * Fee, credit.Single(e => e.Account == "platform").Amount);

        // The outage's node goes back to the booking after the outage: it held nodes 0 and 1 and keeps both outside it.
        var calendar = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?from={Samples.Iso(booking.StartsAt)}&to={Samples.Iso(booking.EndsAt)}");
        var node1 = calendar.Nodes.Single(n => n.Index == 1);
        Assert.Equal([(booking.StartsAt, booking.StartsAt.AddHours(2)), (booking.StartsAt.AddHours(7), booking.EndsAt)],
            node1.Holds.Where(h => h.BookingId == booking.Id).Select(h => (h.StartsAt, h.EndsAt)).ToList());
        Assert.Equal(outage.Id, Assert.Single(node1.Outages).OutageId);

        await AssertToldAsync(tenant, "booking.credited", booking.Id);
        await AssertToldAsync(provider, "booking.credited", booking.Id);

        // The provider reports the first ten hours truthfully (the failed node's five hours missing): already credited,
        // so no under-delivery is found.
        await provider.PostAsync<object>($"/v1/bookings/{booking.Id}/usage", new
        {
            periodStart = Samples.Iso(booking.StartsAt), periodEnd = Samples.Iso(booking.StartsAt.AddHours(10)), deliveredGpuHours = 16 * 10 - lost,
        });
        await AssertReconciledAsync(booking.Id);
        Assert.Single((await LedgerAsync(booking.Id)).Where(e => e.Kind == "credit").Select(e => e.TransactionId).Distinct());
    }

    [Fact]
    public async Task A_reconciliation_from_where_an_outage_took_the_rest_of_a_booking_finds_nothing_missing()
    {
        // The chaos run found this: the booking overlaps the period, but every hour it keeps lies before it, so inventory
        // (which lists the bookings holding anything in the period) lists none of its rows.
        // A price under every other A10G cluster's ask here, so none can take the booking over: it is credited.
        var (provider, tenant, cluster, booking) = await BookAsync("A10G-24GB", clusterNodes: 1, gpuCount: 8, hours: 6, ask: 0.05m);
        var failedAt = booking.StartsAt.AddHours(2);
        await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([0], failedAt, booking.EndsAt));
        var credit = Assert.Single((await ChangedAsync(tenant, booking.Id, 1)).Changes);
        Assert.Equal(("credited", failedAt, booking.EndsAt), (credit.Kind, credit.StartsAt, credit.EndsAt));

        await AssertReconciledOverAsync(failedAt, failedAt.AddDays(1), booking.Id);
        // Over a period that holds its first two hours, those must be held: still nothing missing.
        await AssertReconciledOverAsync(booking.StartsAt, failedAt, booking.Id);

        // And when they are not held, that period finds them missing.
        await AllocationAssertions.ScalarAsync(market, "inventory", $"delete from node_holds where booking_id = '{booking.Id}'");
        var missing = Assert.Single((await ReconcileAsync(booking.StartsAt, failedAt)).Discrepancies, d => d.BookingId == booking.Id);
        Assert.Equal("booking-without-hold", missing.Kind);
        Assert.Contains("needs 2 node-hours in the period", missing.Details);
    }

    [Fact]
    public async Task Free_nodes_of_the_same_cluster_take_over_and_no_money_moves()
    {
        var (provider, tenant, cluster, booking) = await BookAsync("H200-SXM-141GB", clusterNodes: 6, gpuCount: 16);
        var calendar = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?from={Samples.Iso(booking.StartsAt)}&to={Samples.Iso(booking.EndsAt)}");
        var booked = calendar.Nodes.Where(n => n.Holds.Any(h => h.BookingId == booking.Id)).Select(n => n.Index).ToList();

        // Two outages at once, one per node of the booking: the cluster's lock takes them in turn.
        var reports = await Task.WhenAll(booked.Select(node =>
            provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([node], booking.StartsAt))));
        var moved = await ChangedAsync(tenant, booking.Id, 2);
        Assert.All(moved.Changes, c => Assert.Equal(("moved", cluster.Id, cluster.Id, 1), (c.Kind, c.ClusterId, c.FromClusterId, c.NodeCount)));
        Assert.Equal(reports.Select(r => r.Id).Order(), moved.Changes.Select(c => c.OutageId!.Value).Order());

        var after = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?from={Samples.Iso(booking.StartsAt)}&to={Samples.Iso(booking.EndsAt)}");
        var now = after.Nodes.Where(n => n.Holds.Any(h => h.BookingId == booking.Id)).Select(n => n.Index).ToList();
        Assert.Equal(2, now.Count);
        Assert.Empty(now.Intersect(booked));
        var ledger = await LedgerAsync(booking.Id);
        Assert.Single(ledger.Select(e => e.TransactionId).Distinct()); // the charge, nothing else

        // The failed nodes are out of the market: a bid for the whole cluster over the outage cannot win.
        var greedy = await tenant.PostAsync<BidDto>("/v1/bids", Samples.Bid(gpuModel: "H200-SXM-141GB", gpuCount: 48, durationHours: 2,
            maxPrice: 3m, earliest: booking.StartsAt.AddHours(30), latest: booking.StartsAt.AddHours(30)));
        Assert.DoesNotContain("won", await MarketScenarios.LastDecisionAsync(market, greedy.Id));

        // Ended, the nodes are bookable again: the same bid now fits after the booking.
        var ended = await provider.PostAsync<OutageDto>($"/v1/outages/{reports[0].Id}/end", new { at = Samples.Iso(booking.StartsAt) });
        Assert.Equal(booking.StartsAt, ended.Until);
        await provider.PostAsync<OutageDto>($"/v1/outages/{reports[1].Id}/end", new { at = Samples.Iso(booking.StartsAt) });
        await MarketScenarios.WonAsync(tenant, greedy.Id);
        await AssertReconciledAsync(booking.Id);
    }

    /// <summary>
    /// Bookings start in the future, so a running one is made by moving a booked one back in time, the same in every
    /// service that keeps it (the market's clock cannot be turned here).
    /// </summary>
    private async Task<ChangedBookingDto> StartedHoursAgoAsync(ApiClient tenant, ChangedBookingDto booking, int hours)
    {
        var shift = booking.StartsAt - Hours.FloorHour(DateTimeOffset.UtcNow).AddHours(-hours);
        var by = $"interval '{(long)shift.TotalHours} hours'";
        await AllocationAssertions.ScalarAsync(market, "allocation",
            $"update bookings set starts_at = starts_at - {by}, ends_at = ends_at - {by} where id = '{booking.Id}'");
        await AllocationAssertions.ScalarAsync(market, "inventory",
            $"update node_holds set period = tstzrange(lower(period) - {by}, upper(period) - {by}, '[)') where booking_id = '{booking.Id}'");
        await AllocationAssertions.ScalarAsync(market, "settlement",
            $"update bookings set starts_at = starts_at - {by}, ends_at = ends_at - {by} where id = '{booking.Id}'");
        var started = await tenant.GetAsync<ChangedBookingDto>($"/v1/bookings/{booking.Id}");
        Assert.Equal("active", started.Status);
        return started;
    }

    [Fact]
    public async Task An_outage_that_began_hours_ago_on_a_running_booking_credits_the_hours_gone_and_moves_the_rest()
    {
        var (provider, tenant, cluster, scheduled) = await BookAsync("MI300X-192GB", clusterNodes: 1, gpuCount: 8, hours: 12);
        var booking = await StartedHoursAgoAsync(tenant, scheduled, hours: 4);
        var spareProvider = await market.NewOrganizationAsync("provider");
        var spare = await SpareAsync(spareProvider,
            Samples.Cluster(gpuModel: "MI300X-192GB", nodeCount: 1, ask: 1.50m, from: Hours.FloorHour(DateTimeOffset.UtcNow), until: booking.EndsAt.AddDays(1)));
        var failedAt = booking.StartsAt.AddHours(2);
        var outage = await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([0], failedAt));

        var changed = await ChangedAsync(tenant, booking.Id, 2);
        var firstFuture = Hours.CeilingHour(outage.CreatedAt);
        var credit = Assert.Single(changed.Changes, c => c.Kind == "credited");
        Assert.Equal((failedAt, firstFuture), (credit.StartsAt, credit.EndsAt));
        Assert.Equal(8 * (decimal)(firstFuture - failedAt).TotalHours, credit.GpuHours);
        var move = Assert.Single(changed.Changes, c => c.Kind == "moved");
        Assert.Equal((spare.Id, firstFuture, booking.EndsAt), (move.ClusterId, move.StartsAt, move.EndsAt));

        var ledger = await Eventually.Until(() => LedgerAsync(booking.Id),
            l => l.Any(e => e.Kind == "credit") && l.Any(e => e.OrganizationId == spareProvider.OrganizationId), what: "credit and payout posted");
        AssertBalanced(ledger);
        Assert.Equal(-booking.TotalPrice + credit.Amount, ledger.Where(e => e.OrganizationId == tenant.OrganizationId).Sum(e => e.Amount));
        Assert.Equal(move.Amount * (1 - Fee), ledger.Where(e => e.OrganizationId == spareProvider.OrganizationId).Sum(e => e.Amount));
        await AssertReconciledAsync(booking.Id);
    }

    [Fact]
    public async Task A_cancellation_after_outages_refunds_neither_credited_hours_nor_the_first_provider_for_moved_ones()
    {
        var (provider, tenant, cluster, booking) = await BookAsync("A10G-24GB", clusterNodes: 2, gpuCount: 16, hours: 24);
        var price = booking.PricePerGpuHour;
        await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([1], booking.StartsAt.AddHours(2), booking.StartsAt.AddHours(7)));
        await ChangedAsync(tenant, booking.Id, 1); // 40 GPU-hours credited: no spare anywhere yet
        var spareProvider = await market.NewOrganizationAsync("provider");
        var spare = await SpareAsync(spareProvider,
            Samples.Cluster(gpuModel: "A10G-24GB", nodeCount: 2, ask: price, from: Samples.NextHour, until: booking.EndsAt.AddDays(1)));
        await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([0], booking.StartsAt.AddHours(10)));
        var moved = await ChangedAsync(tenant, booking.Id, 2);
        Assert.Equal(("moved", spare.Id), (moved.Changes[1].Kind, moved.Changes[1].ClusterId));

        var cancelled = await market.Admin().PostAsync<ChangedBookingDto>($"/v1/bookings/{booking.Id}/cancel");
        Assert.Equal("cancelled", cancelled.Status);
        var ledger = await Eventually.Until(() => LedgerAsync(booking.Id), l => l.Any(e => e.Kind == "refund"), what: "the refund posted");
        AssertBalanced(ledger);
        var refund = ledger.Where(e => e.Kind == "refund").ToList();
        Assert.Equal(price * (16 * 24 - 40), refund.Single(e => e.OrganizationId == tenant.OrganizationId).Amount);
        Assert.Equal(-price * (16 * 10 - 40) * (1 - Fee), refund.Single(e => e.OrganizationId == provider.OrganizationId).Amount);
        Assert.Equal(-price * 16 * 14 * (1 - Fee), refund.Single(e => e.OrganizationId == spareProvider.OrganizationId).Amount);
        // Every party ends where it started: nothing was delivered.
        Assert.Equal(0m, ledger.Where(e => e.OrganizationId == tenant.OrganizationId).Sum(e => e.Amount));
        Assert.Equal(0m, ledger.Where(e => e.OrganizationId == provider.OrganizationId).Sum(e => e.Amount));
        Assert.Equal(0m, ledger.Where(e => e.OrganizationId == spareProvider.OrganizationId).Sum(e => e.Amount));
        await AssertReconciledAsync(booking.Id);
    }

    [Fact]
    public async Task Every_outage_message_delivered_again_under_a_new_id_changes_nothing()
    {
        var (provider, tenant, cluster, scheduled) = await BookAsync("A100-SXM-80GB", clusterNodes: 1, gpuCount: 8, hours: 12);
        var booking = await StartedHoursAgoAsync(tenant, scheduled, hours: 3);
        var spareProvider = await market.NewOrganizationAsync("provider");
        var spare = await SpareAsync(spareProvider,
            Samples.Cluster(gpuModel: "A100-SXM-80GB", nodeCount: 1, ask: 1.00m, from: Hours.FloorHour(DateTimeOffset.UtcNow), until: booking.EndsAt.AddDays(1)));
        var outage = await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([0], booking.StartsAt.AddHours(1)));
        var changed = await ChangedAsync(tenant, booking.Id, 2);
        var ledgerBefore = await Eventually.Until(() => LedgerAsync(booking.Id), l => l.Select(e => e.TransactionId).Distinct().Count() == 3,
            what: "charge, credit and payout move posted");
        var credit = changed.Changes.Single(c => c.Kind == "credited");
        var move = changed.Changes.Single(c => c.Kind == "moved");

        // Every message of the outage workflow again, each under a new id, as a broker redelivery after a lost ack or a
        // re-send by a sweeper would bring it.
        await using var bus = await OutsideBus.StartAsync(market);
        var view = await market.Admin().GetAsync<Marketplace.Contracts.Allocation.BookingView>($"/v1/bookings/{booking.Id}");
        var firstFuture = move.StartsAt;
        var again = new (object Message, string Consumer, string Service)[]
        {
            (new Marketplace.Contracts.Inventory.BookingNodesLost(outage.Id, booking.Id, cluster.Id, provider.OrganizationId, 1, 8,
                credit.StartsAt, firstFuture, booking.EndsAt, false, credit.At), "BookingNodesLostConsumer", "allocation"),
            (new Marketplace.Contracts.Inventory.MoveBooking(outage.Id, booking.Id, cluster.Id, firstFuture, booking.EndsAt,
                [new Marketplace.Contracts.Inventory.MoveCandidate(spare.Id, 1)]), "MoveBookingConsumer", "inventory"),
            (new Marketplace.Contracts.Inventory.BookingMoveAnswered(outage.Id, booking.Id, spare.Id, [0], null), "BookingMoveAnsweredConsumer", "allocation"),
            (new Marketplace.Contracts.Allocation.BookingCredited(view, outage.Id, ToChange(credit), provider.OrganizationId), "OutageCreditConsumer", "settlement"),
            (new Marketplace.Contracts.Allocation.BookingMoved(view, outage.Id, ToChange(move), provider.OrganizationId, spareProvider.OrganizationId),
                "OutageMovePayoutConsumer", "settlement"),
        };
        foreach (var (message, consumer, service) in again)
        {
            var id = Guid.NewGuid();
            await bus.PublishAsync((dynamic)message, id);
            await Eventually.True(async () => await AllocationAssertions.ScalarAsync(market, service,
                $"select count(*) from inbox where message_id = '{id}' and consumer = '{consumer}'") == 1, what: $"{consumer} consumed the copy");
        }

        Assert.Equal(2, (await tenant.GetAsync<ChangedBookingDto>($"/v1/bookings/{booking.Id}")).Changes.Count);
        var ledgerAfter = await LedgerAsync(booking.Id);
        Assert.Equal(ledgerBefore.Select(e => e.TransactionId).Distinct().Order(), ledgerAfter.Select(e => e.TransactionId).Distinct().Order());
        Assert.Equal(1L, await AllocationAssertions.ScalarAsync(market, "inventory",
            $"select count(distinct cluster_id) from node_holds where booking_id = '{booking.Id}' and upper(period) > now()"));
        Assert.Equal(2, (await provider.GetAsync<Page<OutageDto>>($"/v1/clusters/{cluster.Id}/outages")).Items.Single().Effects.Count);
        await AssertReconciledAsync(booking.Id);
    }

    private static Marketplace.Contracts.Allocation.BookingChange ToChange(ChangeDto c) =>
        new(c.At, c.Kind, c.ClusterId, c.NodeCount, c.StartsAt, c.EndsAt, c.GpuHours, c.Amount, c.FromClusterId, c.OutageId);

    [Fact]
    public async Task A_second_outage_over_rows_an_earlier_one_rearranged_credits_exactly_the_node_hours_lost()
    {
        // 2 of 3 nodes booked for 10 h. Outage 1 takes node a for hours 2-5: the free node takes over those hours.
        var (provider, tenant, cluster, booking) = await BookAsync("H100-SXM-80GB", clusterNodes: 3, gpuCount: 16, hours: 10);
        var calendar = await provider.GetAsync<CalendarDto>($"/v1/clusters/{cluster.Id}/calendar?from={Samples.Iso(booking.StartsAt)}&to={Samples.Iso(booking.EndsAt)}");
        var booked = calendar.Nodes.Where(n => n.Holds.Any(h => h.BookingId == booking.Id)).Select(n => n.Index).ToList();
        var spare = calendar.Nodes.Select(n => n.Index).Except(booked).Single();
        await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([booked[0]], booking.StartsAt.AddHours(2), booking.StartsAt.AddHours(5)));
        await ChangedAsync(tenant, booking.Id, 1);

        // Outage 2 takes the other booked node (10 h of the booking) and the spare (3 h of it): 13 node-hours, no room left.
        await provider.PostAsync<OutageDto>($"/v1/clusters/{cluster.Id}/outages", Outage([booked[1], spare], booking.StartsAt));
        var changed = await ChangedAsync(tenant, booking.Id, 2);
        var credit = Assert.Single(changed.Changes, c => c.Kind == "credited");
        Assert.Equal(13 * 8m, credit.GpuHours);
        Assert.Equal(13 * 8 * booking.PricePerGpuHour, credit.Amount);
        var ledger = await Eventually.Until(() => LedgerAsync(booking.Id), l => l.Any(e => e.Kind == "credit"), what: "the credit posted");
        AssertBalanced(ledger);
        Assert.Equal(credit.Amount, ledger.Single(e => e.Kind == "credit" && e.OrganizationId == tenant.OrganizationId).Amount);
        await AssertReconciledAsync(booking.Id);
    }

    [Fact]
    public async Task Bad_reports_are_refused_in_the_apis_words_and_only_the_clusters_provider_may_report()
    {
        var (provider, tenant, cluster, booking) = await BookAsync("L40S-48GB", clusterNodes: 2, gpuCount: 8);
        var path = $"/v1/clusters/{cluster.Id}/outages";
        var notWhole = Outage([0], booking.StartsAt.AddMinutes(30));
        var problem = await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path, notWhole), HttpStatusCode.BadRequest);
        Assert.Contains("from", problem["errors"]!.AsObject().Select(e => e.Key));
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path, Outage([7], booking.StartsAt)), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path,
            Outage([0], booking.StartsAt, booking.StartsAt)), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path, new { from = Samples.Iso(booking.StartsAt) }), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, path, Outage(null, booking.StartsAt)), HttpStatusCode.Forbidden);
        var other = await market.NewOrganizationAsync("provider");
        await ApiClient.AssertProblemAsync(await other.SendAsync(HttpMethod.Post, path, Outage(null, booking.StartsAt)), HttpStatusCode.NotFound);
        await ApiClient.AssertProblemAsync(await other.Http.GetAsync(path), HttpStatusCode.NotFound);
        Assert.Empty((await provider.GetAsync<Page<OutageDto>>(path)).Items);

        // The same Idempotency-Key answers the same outage; an overlapping second report on the node is a conflict.
        var first = await provider.PostAsync<OutageDto>(path, Outage([0], booking.StartsAt), idempotencyKey: "outage-once");
        var again = await provider.PostAsync<OutageDto>(path, Outage([0], booking.StartsAt), idempotencyKey: "outage-once");
        Assert.Equal(first.Id, again.Id);
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path, Outage([0], booking.StartsAt.AddHours(1))), HttpStatusCode.Conflict);
        await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, $"/v1/outages/{first.Id}/end",
            new { at = Samples.Iso(booking.StartsAt.AddHours(-5)) }), HttpStatusCode.BadRequest);
        await ApiClient.AssertProblemAsync(await other.SendAsync(HttpMethod.Post, $"/v1/outages/{first.Id}/end",
            new { at = Samples.Iso(booking.StartsAt) }), HttpStatusCode.NotFound);
        // An admin may report and end too.
        var byAdmin = await market.Admin().PostAsync<OutageDto>(path, Outage([1], booking.EndsAt.AddHours(1), booking.EndsAt.AddHours(2)));
        Assert.Equal(cluster.Id, byAdmin.ClusterId);
        Assert.Equal(2, (await provider.GetAsync<Page<OutageDto>>(path)).Items.Count);
    }
}
