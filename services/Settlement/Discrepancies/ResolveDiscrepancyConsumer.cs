using Marketplace.Contracts;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Inventory;
using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using Marketplace.Settlement.Bookings;
using Marketplace.Settlement.Ledger;
using Marketplace.Settlement.Reconciliation;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marketplace.Settlement.Discrepancies;

/// <summary>
/// Resolves a discrepancy: the fix goes through the service that owns the record (inventory releases a hold, allocation
/// cancels a booking), or is a ledger transaction here (a credit, a missing charge); then who did what is recorded.
/// One resolution per (kind, booking): the discrepancy row is locked and the resolution is unique, so resolving twice is 409.
/// </summary>
public sealed class ResolveDiscrepancyConsumer(
    Db db, IRequestClient<CancelBooking> cancelBooking, OwnerRecords owners, IOptions<SettlementOptions> options, TimeProvider clock,
    SettlementMetrics metrics)
    : IConsumer<ResolveDiscrepancy>
{
    public async Task Consume(ConsumeContext<ResolveDiscrepancy> context)
    {
        var m = context.Message;
        if (m.Caller.Role != Roles.Admin) { await context.RespondForbiddenAsync("Only admins resolve discrepancies."); return; }
        var errors = new ValidationErrors();
        SettlementRules.ValidateResolution(errors, m.Action, m.Amount, m.Note);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        if (await uow.ExecuteScalarAsync<Guid?>("select id from discrepancies where id = @DiscrepancyId for update", m) is null)
        {
            await context.RespondNotFoundAsync("discrepancy");
            return;
        }
        var d = (await DiscrepancyViews.LoadAsync(uow, m.DiscrepancyId))!;
        // Every run's row of the same (kind, booking) shares one resolution: serialize resolvers on the key, not just the row.
        await uow.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('discrepancy:' || @Kind || ':' || @BookingId::text, 0))", d);
        if (d.IsResolved || await uow.ExecuteScalarAsync<bool>(
                "select exists (select 1 from discrepancy_resolutions where kind = @Kind and booking_id = @BookingId)", d))
        {
            await context.RespondProblemAsync(409, "Conflict", "The discrepancy is already resolved.");
            return;
        }
        if (!ResolutionActions.Fits(d.Kind, m.Action))
        {
            await context.RespondInvalidAsync(errors.Add("action", $"must be one of {string.Join(", ", ResolutionActions.For(d.Kind))} for a {d.Kind} discrepancy"));
            return;
        }

        var outcome = await CarryOutAsync(context, uow, d, m);
        if (outcome is null) return; // refused; the answer is sent

        await uow.ExecuteAsync(
            """
            insert into discrepancy_resolutions (id, discrepancy_id, kind, booking_id, action, amount, note, resolved_by, resolved_at, ledger_transaction_id, outcome)
            values (@resolutionId, @discrepancyId, @kind, @bookingId, @action, @amount, @note, @resolvedBy, @at, @transactionId, @text)
            """,
            new
            {
                resolutionId = Guid.CreateVersion7(), discrepancyId = d.Id, kind = d.Kind, bookingId = d.BookingId, action = m.Action, amount = outcome.Amount, note = m.Note,
                resolvedBy = m.Caller.OrganizationId, at = clock.GetUtcNow(), transactionId = outcome.TransactionId, text = outcome.Text,
            });
        try
        {
            await uow.CommitAsync(context.CancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await context.RespondProblemAsync(409, "Conflict", "The discrepancy is already resolved.");
            return;
        }
        await using var read = await db.BeginAsync(context.CancellationToken);
        await context.RespondAsync((await DiscrepancyViews.LoadAsync(read, d.Id))!.ToView());
    }

    private sealed record Outcome(string Text, decimal? Amount = null, Guid? TransactionId = null);

    private async Task<Outcome?> CarryOutAsync(ConsumeContext context, UnitOfWork uow, DiscrepancyViews.Row d, ResolveDiscrepancy m)
    {
        var now = clock.GetUtcNow();
        switch (m.Action)
        {
            case ResolutionActions.ReleaseHold:
            {
                // A cancelled booking keeps its hold up to the release point; anything else loses all of it.
                var copy = await BookingCopies.LoadAsync(uow, d.BookingId);
                var from = copy is { IsCancelled: true } ? copy.BookedUntil : (DateTimeOffset?)null;
                await uow.SendAsync(new ReleaseNodes(d.BookingId, from, $"reconciliation: {d.Kind} resolved by an admin"));
                return new Outcome(from is null ? "Asked inventory to release the booking's hold." : $"Asked inventory to release the hold from {from:yyyy-MM-dd'T'HH:mm'Z'} on.");
            }
            case ResolutionActions.CancelBooking:
            {
                var response = await cancelBooking.GetResponse<BookingView, Problem>(
                    new CancelBooking(new Caller(m.Caller.OrganizationId, Roles.Admin), d.BookingId), context.CancellationToken,
                    RequestTimeout.After(ms: (int)options.Value.OwnerRequestTimeout.TotalMilliseconds));
                if (response.Is(out Response<Problem>? refused))
                {
                    var p = refused!.Message;
                    await context.RespondProblemAsync(p.Status, p.Title, $"Allocation refused to cancel the booking: {p.Detail}", p.Errors);
                    return null;
                }
                response.Is(out Response<BookingView>? cancelled);
                return new Outcome($"Allocation cancelled the booking (status {cancelled!.Message.Status}); settlement refunds it by the cancellation policy.");
            }
            case ResolutionActions.IssueCredit:
                return await IssueCreditAsync(context, uow, d, m.Amount, now);
            case ResolutionActions.PostCharge:
            {
                var copy = await BookingCopies.LoadAsync(uow, d.BookingId);
                if (copy is null)
                {
                    // Settlement never saw the booking confirmed: take allocation's record of it.
                    var booking = await owners.BookingAsync(d.BookingId, context.CancellationToken);
                    if (booking is null)
                    {
                        await context.RespondProblemAsync(409, "Conflict", "Allocation has no such booking: there is nothing to charge.");
                        return null;
                    }
                    copy = await BookingCopies.EnsureAsync(uow, booking, options.Value.PlatformFeeRate);
                }
                var transaction = Billing.Charge(copy);
                var id = await LedgerPosting.PostAsync(uow, metrics, transaction, now);
                return id is null
                    ? new Outcome("The charge was already in the ledger.", TransactionId: await LedgerPosting.TransactionIdOfAsync(uow, transaction.Cause))
                    : new Outcome($"Posted the booking's charge of {copy.TotalPrice / 1.0000000000000000000000000000m}.", copy.TotalPrice, id);
            }
            default:
                return new Outcome("Accepted as it stands.");
        }
    }

    private async Task<Outcome?> IssueCreditAsync(ConsumeContext context, UnitOfWork uow, DiscrepancyViews.Row d, decimal? asked, DateTimeOffset now)
    {
        var amount = asked ?? d.SuggestedCredit;
        if (amount is not > 0)
        {
            await context.RespondInvalidAsync(new ValidationErrors().Add("amount", "is required: no shortfall was computed for this discrepancy"));
            return null;
        }
        var copy = await BookingCopies.LoadAsync(uow, d.BookingId);
        var tenant = copy?.TenantId ?? d.TenantId;
        var provider = copy?.ProviderId ?? d.ProviderId;
        if (tenant is null || provider is null)
        {
            await context.RespondProblemAsync(409, "Conflict", "Settlement does not know the booking's tenant and provider: it cannot credit it.");
            return null;
        }
        if (copy is not null && amount > copy.TotalPrice)
        {
            await context.RespondInvalidAsync(new ValidationErrors().Add("amount", $"must not exceed the booking's total, {copy.TotalPrice / 1.0000000000000000000000000000m}"));
            return null;
        }
        var transaction = Billing.Credit(Billing.CreditCause(d.Kind, d.BookingId), d.BookingId, tenant.Value, provider.Value,
            copy?.FeeRate ?? options.Value.PlatformFeeRate, amount.Value);
        var id = await LedgerPosting.PostAsync(uow, metrics, transaction, now) ?? await LedgerPosting.TransactionIdOfAsync(uow, transaction.Cause);
        return new Outcome($"Credited the tenant {amount.Value / 1.0000000000000000000000000000m}, borne by provider and platform in the booking's proportions.", amount, id);
    }
}
