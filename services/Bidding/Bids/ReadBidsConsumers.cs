using Dapper;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Bidding.Bids;

public sealed class GetBidConsumer(Db db) : IConsumer<GetBid>
{
    public async Task Consume(ConsumeContext<GetBid> context)
    {
        var bid = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<BidRow>($"select {Bids.Columns} from bids where id = @BidId", context.Message),
            context.CancellationToken);
        if (bid is null || !Bids.CanSee(context.Message.Caller, bid)) await context.RespondNotFoundAsync("bid");
        else await context.RespondAsync(bid.ToView());
    }
}

/// <summary>Tenants: their own bids; admins: all. Newest first, keyset-paged, filter by status.</summary>
public sealed class ListBidsConsumer(Db db) : IConsumer<ListBids>
{
    public async Task Consume(ConsumeContext<ListBids> context)
    {
        var m = context.Message;
        if (m.Caller.Role is not (Roles.Tenant or Roles.Admin)) { await context.RespondForbiddenAsync("Only tenants and admins list bids."); return; }
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, m.Limit, m.Cursor);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        var tenant = m.Caller.Role == Roles.Tenant ? m.Caller.OrganizationId : (Guid?)null;
        // Only the filters asked for (SqlFilters says why): with "(@tenant is null or tenant_id = @tenant)" a tenant's
        // "status=open&limit=1" read the newest-first index of every tenant's bids until it found one (14 ms a call at
        // 40,000 bids, growing with them).
        var filters = new SqlFilters()
            .AddIf(tenant is not null, "tenant_id = @tenant")
            .AddIf(m.Status is not null, "status = @status")
            .AddIf(after is not null, "(created_at, id) < (@afterAt, @afterId)");
        var rows = (await db.ReadAsync(c => c.QueryAsync<BidRow>(
            $"""
            select {Bids.Columns} from bids
            {filters.Where}
            order by created_at desc, id desc limit @take
            """,
            new { tenant, status = m.Status, afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = m.Limit + 1 }),
            context.CancellationToken)).AsList();
        var next = PageCursor.Next(rows, m.Limit, r => new PageCursor(r.CreatedAt, r.Id));
        await context.RespondAsync(new BidPage(rows.Select(r => r.ToView()).ToList(), next));
    }
}

/// <summary>Bids awarded with a booking, for reconciliation: every won bid, paged by id.</summary>
public sealed class ListAwardsConsumer(Db db) : IConsumer<ListAwards>
{
    public async Task Consume(ConsumeContext<ListAwards> context)
    {
        var m = context.Message;
        var after = Guid.TryParse(m.Cursor, out var id) ? id : Guid.Empty;
        var limit = Math.Clamp(m.Limit, 1, 1000);
        var rows = (await db.ReadAsync(c => c.QueryAsync<BidRow>(
            $"select {Bids.Columns} from bids where status = 'won' and id > @after order by id limit @limit",
            new { after, limit }), context.CancellationToken)).AsList();
        var items = rows.Select(r => new AwardRecord(r.Id, r.TenantId, r.BookingId!.Value, r.Price!.Value, r.UpdatedAt)).ToList();
        await context.RespondAsync(new AwardPage(items, rows.Count == limit ? rows[^1].Id.ToString() : null));
    }
}
