using System.Net;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>
/// Each discrepancy kind, produced by a fault injected into the owning service's database (or a usage report below what
/// was booked), found by a run, resolved through the owning service, and gone from the next run.
/// </summary>
[Collection(SettlementCollection.Name)]
public sealed class When_reconciliation_finds_faults(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_report_a_stray_hold_and_release_it()
    {
        var window = market.NewWindow();
        var (_, cluster) = await _scenario.ListClusterAsync(window);
        var strayBooking = Guid.NewGuid();
        await _scenario.ExecuteAsync("inventory",
            """
            insert into node_holds (booking_id, cluster_id, node_index, period, status)
            values (@strayBooking, @cluster, 0, tstzrange(@from, @to, '[)'), 'booked')
            """, new { strayBooking, cluster = cluster.Id, from = window.Start.AddHours(5), to = window.Start.AddHours(9) });

        var found = Assert.Single((await _scenario.ReconcileAsync(window)).Discrepancies);
        Assert.Equal(("hold-without-booking", strayBooking, "open"), (found.Kind, found.BookingId, found.Status));

        var resolved = await ResolveOkAsync(found, "release-hold");
        Assert.Equal("release-hold", resolved.Resolution!.Action);
        await Eventually.True(async () => await _scenario.ScalarAsync<int>("inventory",
            "select count(*)::int from node_holds where booking_id = @strayBooking", new { strayBooking }) == 0, what: "stray hold released");
        await AssertCleanAsync(window);
    }

    [Fact]
    public async Task Should_report_a_cancelled_bookings_hold_kept_past_the_release_point_and_release_it()
    {
        var window = market.NewWindow();
        var (_, cluster) = await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        await _scenario.Admin.PostAsync<BookingDto>($"/v1/bookings/{booking.Id}/cancel");
        await Eventually.Until(() => _scenario.EntriesAsync(booking.Id), e => e.Any(x => x.Kind == "refund"), what: "refund");
        await Eventually.True(async () => await _scenario.ScalarAsync<int>("inventory",
            "select count(*)::int from node_holds where booking_id = @Id", booking) == 0, what: "nodes released");
        Assert.Empty((await _scenario.ReconcileAsync(window)).Discrepancies); // cancelled, hold gone: nothing wrong

        // As if inventory had never applied the release.
        await _scenario.ExecuteAsync("inventory",
            """
            insert into node_holds (booking_id, cluster_id, node_index, period, status)
            values (@Id, @cluster, 0, tstzrange(@StartsAt, @EndsAt, '[)'), 'booked')
            """, new { booking.Id, cluster = cluster.Id, booking.StartsAt, booking.EndsAt });
        var found = Assert.Single((await _scenario.ReconcileAsync(window)).Discrepancies);
        Assert.Equal(("hold-without-booking", booking.Id), (found.Kind, found.BookingId));
        Assert.Contains("past the cancellation's release point", found.Details);

        await ResolveOkAsync(found, "release-hold");
        await Eventually.True(async () => await _scenario.ScalarAsync<int>("inventory",
            "select count(*)::int from node_holds where booking_id = @Id", booking) == 0, what: "hold released again");
        await AssertCleanAsync(window);
    }

    [Fact]
    public async Task Should_report_a_booking_whose_hold_is_gone_and_cancel_it_with_a_refund()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        await _scenario.ExecuteAsync("inventory", "delete from node_holds where booking_id = @Id", booking);

        var found = Assert.Single((await _scenario.ReconcileAsync(window)).Discrepancies);
        Assert.Equal(("booking-without-hold", booking.Id), (found.Kind, found.BookingId));
        Assert.Contains("holds no nodes", found.Details);

        await ResolveOkAsync(found, "cancel-booking");
        Assert.Equal("cancelled", (await tenant.GetAsync<BookingDto>($"/v1/bookings/{booking.Id}")).Status);
        var entries = await Eventually.Until(() => _scenario.EntriesAsync(booking.Id), e => e.Any(x => x.Kind == "refund"), what: "refund");
        Assert.Equal(booking.TotalPrice, entries.Where(e => e.Kind == "refund" && e.OrganizationId == tenant.OrganizationId).Sum(e => e.Amount));
        await AssertCleanAsync(window);
    }

    [Fact]
    public async Task Should_report_an_award_whose_booking_does_not_exist_and_accept_it()
    {
        // The stray award is dated in a past hour that no booking can overlap (bookings never start in the past).
        var awardedAt = DateTimeOffset.UtcNow.AddMinutes(-90);
        var (bid, strayBooking) = (Guid.NewGuid(), Guid.NewGuid());
        await _scenario.ExecuteAsync("bidding",
            """
            insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions, max_price,
                              expires_at, status, booking_id, price, created_at, updated_at)
            values (@bid, @tenant, 'H100-SXM-80GB', 8, 4, @start, @start, '{}', 3, @start, 'won', @strayBooking, 2.5, @awardedAt, @awardedAt)
            """, new { bid, tenant = Guid.NewGuid(), start = market.Base.AddDays(1), strayBooking, awardedAt });
        var (from, to) = (awardedAt.AddMinutes(-30), awardedAt.AddMinutes(30));

        var found = Assert.Single((await _scenario.ReconcileAsync(from, to)).Discrepancies);
        Assert.Equal(("award-without-booking", strayBooking), (found.Kind, found.BookingId));
        Assert.Contains(bid.ToString(), found.Details);

        var wrong = await _scenario.ResolveAsync(found.Id, "release-hold");
        await ApiClient.AssertProblemAsync(wrong, HttpStatusCode.BadRequest);
        var resolved = await ResolveOkAsync(found, "accept", note: "test data");
        Assert.Equal("test data", resolved.Resolution!.Note);
        Assert.Empty((await _scenario.ReconcileAsync(from, to)).Discrepancies);
    }

    [Fact]
    public async Task Should_report_a_booking_whose_award_is_gone_and_accept_it()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        // The fault: someone bypasses bidding's status guard (a hand-written fix gone wrong) and reopens the won bid.
        await _scenario.ExecuteAsync("bidding",
            """
            alter table bids disable trigger bids_guard_status;
            update bids set status = 'open', booking_id = null, price = null where id = @BidId;
            alter table bids enable trigger bids_guard_status;
            """, booking);

        var found = Assert.Single((await _scenario.ReconcileAsync(window)).Discrepancies);
        Assert.Equal(("booking-without-award", booking.Id), (found.Kind, found.BookingId));

        await ResolveOkAsync(found, "accept");
        await AssertCleanAsync(window);
    }

    [Fact]
    public async Task Should_report_a_price_that_differs_from_the_award_and_credit_the_amount_given()
    {
        var window = market.NewWindow();
        var (provider, _) = await _scenario.ListClusterAsync(window, ask: 2m);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        await _scenario.ExecuteAsync("allocation", "update bookings set price = price + 1 where id = @Id", booking);

        var found = Assert.Single((await _scenario.ReconcileAsync(window)).Discrepancies);
        Assert.Equal(("amount-mismatch", booking.Id), (found.Kind, found.BookingId));
        Assert.Contains("award's price 2/GPU-hour differs from the booking's 3", found.Details);
        Assert.Contains("is not price × GPUs × hours", found.Details);

        // The tenant was charged what the award says: nothing to compute, so an amount must be given.
        await ApiClient.AssertProblemAsync(await _scenario.ResolveAsync(found.Id, "issue-credit"), HttpStatusCode.BadRequest);
        var resolved = await ResolveOkAsync(found, "issue-credit", amount: 12.5m);
        Assert.NotNull(resolved.Resolution!.LedgerTransactionId);

        var credit = (await _scenario.EntriesAsync(booking.Id)).Where(e => e.Kind == "credit").ToList();
        Assert.All(credit, e => Assert.Equal(resolved.Resolution.LedgerTransactionId, e.TransactionId));
        Assert.Equal(12.5m, credit.Single(e => e.OrganizationId == tenant.OrganizationId).Amount);
        Assert.Equal(-11.25m, credit.Single(e => e.OrganizationId == provider.OrganizationId).Amount);
        Assert.Equal(-1.25m, credit.Single(e => e.Account == "platform").Amount);
        await AssertCleanAsync(window);
    }

    [Fact]
    public async Task Should_report_a_booking_without_a_charge_and_post_the_charge()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        // The ledger refuses deletes; the fault is someone bypassing that guard.
        await _scenario.ExecuteAsync("settlement",
            """
            alter table ledger_entries disable trigger ledger_entries_append_only;
            alter table ledger_transactions disable trigger ledger_transactions_append_only;
            delete from ledger_entries where booking_id = @Id;
            delete from ledger_transactions where booking_id = @Id;
            alter table ledger_entries enable trigger ledger_entries_append_only;
            alter table ledger_transactions enable trigger ledger_transactions_append_only;
            """, booking);
        Assert.Empty(await _scenario.EntriesAsync(booking.Id));

        var found = Assert.Single((await _scenario.ReconcileAsync(window)).Discrepancies);
        Assert.Equal(("missing-charge", booking.Id), (found.Kind, found.BookingId));

        var resolved = await ResolveOkAsync(found, "post-charge");
        var entries = await _scenario.EntriesAsync(booking.Id);
        Assert.Equal(-booking.TotalPrice, entries.Single(e => e.Kind == "charge").Amount);
        Assert.Equal(resolved.Resolution!.LedgerTransactionId, entries[0].TransactionId);
        await AssertCleanAsync(window);
    }

    [Fact]
    public async Task Should_report_usage_below_what_was_booked_and_credit_the_shortfall()
    {
        var window = market.NewWindow();
        var (provider, _) = await _scenario.ListClusterAsync(window, ask: 2.5m);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window, gpuCount: 8, hours: 4);
        await provider.PostAsync<UsageReportDto>($"/v1/bookings/{booking.Id}/usage", new
        {
            periodStart = Samples.Iso(booking.StartsAt), periodEnd = Samples.Iso(booking.StartsAt.AddHours(2)), deliveredGpuHours = 10, note = "node 3 down",
        });
        await provider.PostAsync<UsageReportDto>($"/v1/bookings/{booking.Id}/usage", new
        {
            periodStart = Samples.Iso(booking.StartsAt.AddHours(2)), periodEnd = Samples.Iso(booking.EndsAt), deliveredGpuHours = 16,
        });

        var run = await _scenario.ReconcileAsync(window);
        var found = Assert.Single(run.Discrepancies);
        Assert.Equal(("under-delivery", booking.Id), (found.Kind, found.BookingId));
        Assert.Equal(2, run.Counts.UsageReports);
        Assert.Equal(15m, found.SuggestedCredit); // 6 GPU-hours short × 2.5

        var resolved = await ResolveOkAsync(found, "issue-credit");
        Assert.Equal(15m, resolved.Resolution!.Amount);
        var credit = (await _scenario.EntriesAsync(booking.Id)).Where(e => e.Kind == "credit").ToList();
        Assert.Equal((15m, -13.5m, -1.5m), (credit.Single(e => e.OrganizationId == tenant.OrganizationId).Amount,
            credit.Single(e => e.OrganizationId == provider.OrganizationId).Amount, credit.Single(e => e.Account == "platform").Amount));

        // Resolving again is a conflict, and changes nothing.
        await ApiClient.AssertProblemAsync(await _scenario.ResolveAsync(found.Id, "issue-credit"), HttpStatusCode.Conflict);
        Assert.Equal(3, (await _scenario.EntriesAsync(booking.Id)).Count(e => e.Kind == "credit"));
        await AssertCleanAsync(window);
    }

    [Fact]
    public async Task Should_refuse_resolutions_from_non_admins_unknown_ids_and_bad_bodies()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        await ApiClient.AssertProblemAsync(await _scenario.ResolveAsync(Guid.NewGuid(), "accept", client: tenant), HttpStatusCode.Forbidden);
        await ApiClient.AssertProblemAsync(await _scenario.ResolveAsync(Guid.NewGuid(), "accept"), HttpStatusCode.NotFound);
        var bad = await ApiClient.AssertProblemAsync(await _scenario.ResolveAsync(Guid.NewGuid(), "refund-everyone"), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]?["action"]);
        bad = await ApiClient.AssertProblemAsync(await _scenario.ResolveAsync(Guid.NewGuid(), "accept", amount: 5), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]?["amount"]);
        await ApiClient.AssertProblemAsync(await tenant.SendAsync(HttpMethod.Post, "/v1/reconciliations", new { from = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00Z" }),
            HttpStatusCode.Forbidden);
        bad = await ApiClient.AssertProblemAsync(await _scenario.Admin.SendAsync(HttpMethod.Post, "/v1/reconciliations", new { from = "2026-01-02T00:00:00Z", to = "2026-01-01T00:00:00Z" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]?["to"]);
        await ApiClient.AssertProblemAsync(await _scenario.Admin.Http.GetAsync($"/v1/reconciliations/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_finish_a_run_left_running_by_a_crashed_instance()
    {
        var window = market.NewWindow();
        await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        var booking = await _scenario.BookAsync(tenant, window);
        await _scenario.ExecuteAsync("inventory", "delete from node_holds where booking_id = @Id", booking);

        // As a crash leaves it: claimed once (an attempt was counted), never completed, no longer locked by anyone.
        var id = Guid.NewGuid();
        await _scenario.ExecuteAsync("settlement",
            """
            insert into reconciliations (id, period_from, period_to, requested_by, status, attempts, created_at)
            values (@id, @Start, @End, @admin, 'running', 1, now() - interval '10 minutes')
            """, new { id, window.Start, window.End, admin = Guid.NewGuid() });
        var run = await Eventually.Until(() => _scenario.Admin.GetAsync<ReconciliationDto>($"/v1/reconciliations/{id}"), r => r.Status != "running",
            what: "abandoned run picked up");
        Assert.Equal("completed", run.Status);
        Assert.Equal(("booking-without-hold", booking.Id), (run.Discrepancies.Single().Kind, run.Discrepancies.Single().BookingId));
        await ResolveOkAsync(run.Discrepancies.Single(), "accept");
    }

    private async Task<DiscrepancyDto> ResolveOkAsync(DiscrepancyDto discrepancy, string action, decimal? amount = null, string? note = null)
    {
        var resolved = await ApiClient.ReadSuccessAsync<DiscrepancyDto>(await _scenario.ResolveAsync(discrepancy.Id, action, amount, note));
        Assert.Equal(("resolved", discrepancy.Id, action), (resolved.Status, resolved.Id, resolved.Resolution?.Action));
        Assert.Equal(_scenario.Admin.OrganizationId, resolved.Resolution!.ResolvedBy);
        return resolved;
    }

    /// <summary>The next run over the window reports nothing.</summary>
    private async Task AssertCleanAsync(Window window)
    {
        var run = await _scenario.ReconcileAsync(window);
        Assert.True(run.Discrepancies.Count == 0, string.Join("\n", run.Discrepancies.Select(d => $"{d.Kind} {d.BookingId}: {d.Details}")));
    }
}
