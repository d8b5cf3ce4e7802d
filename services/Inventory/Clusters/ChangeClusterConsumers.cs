using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Inventory.Clusters;

/// <summary>The owning provider changes name, ask or availableUntil; availableUntil may not cut into a hold (409).</summary>
public sealed class UpdateClusterConsumer(Db db) : IConsumer<UpdateCluster>
{
    public async Task Consume(ConsumeContext<UpdateCluster> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        MarketRules.ValidateListingChange(errors, m.Name, m.AskPricePerGpuHour, m.AvailableUntil);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        // Row lock: a hold taken concurrently waits for this change, so the check below cannot be outrun.
        var cluster = await ClusterAccess.LoadAsync(uow, m.ClusterId, forUpdate: true);
        if (cluster is null || cluster.ProviderId != m.Caller.OrganizationId || m.Caller.Role != Roles.Provider)
        {
            await context.RespondNotFoundAsync("cluster");
            return;
        }
        if (m.AvailableUntil is { } until)
        {
            if (until <= cluster.AvailableFrom)
            {
                await context.RespondInvalidAsync(new ValidationErrors().Add("availableUntil", "must be after availableFrom"));
                return;
            }
            var lastHoldEnd = await uow.ExecuteScalarAsync<DateTimeOffset?>(
                "select max(upper(period)) from node_holds where cluster_id = @id and booking_id is not null", new { id = m.ClusterId });
            if (lastHoldEnd > until)
            {
                await context.RespondProblemAsync(409, "Conflict",
                    $"availableUntil may not cut into an existing booking; the last one ends at {lastHoldEnd:O}.");
                return;
            }
        }
        var updated = await uow.QuerySingleAsync<ClusterRow>(
            $"""
            update clusters set name = coalesce(@Name, name), ask_price = coalesce(@AskPricePerGpuHour, ask_price),
                   available_until = coalesce(@AvailableUntil, available_until), updated_at = now()
            where id = @ClusterId returning {ClusterAccess.Columns}
            """, new { m.Name, m.AskPricePerGpuHour, m.AvailableUntil, m.ClusterId });
        await uow.PublishAsync(new ClusterUpdated(updated.ToView()));
        await uow.CommitAsync(context.CancellationToken);
        await context.RespondAsync(updated.ToView());
    }
}

/// <summary>Delisting stops new bookings; existing holds and bookings stand. Delisting twice answers the same.</summary>
public sealed class DelistClusterConsumer(Db db) : IConsumer<DelistCluster>
{
    public async Task Consume(ConsumeContext<DelistCluster> context)
    {
        var m = context.Message;
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var cluster = await ClusterAccess.LoadAsync(uow, m.ClusterId, forUpdate: true);
        if (cluster is null || cluster.ProviderId != m.Caller.OrganizationId || m.Caller.Role != Roles.Provider)
        {
            await context.RespondNotFoundAsync("cluster");
            return;
        }
        if (cluster.Status == "active")
        {
            cluster = await uow.QuerySingleAsync<ClusterRow>(
                $"update clusters set status = 'delisted', updated_at = now() where id = @id returning {ClusterAccess.Columns}",
                new { id = m.ClusterId });
            await uow.PublishAsync(new ClusterDelisted(cluster.ToView()));
        }
        await uow.CommitAsync(context.CancellationToken);
        await context.RespondAsync(cluster.ToView());
    }
}

/// <summary>The owning provider or an admin sees each node's holds over [from, to).</summary>
public sealed class GetCalendarConsumer(Db db) : IConsumer<GetCalendar>
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public async Task Consume(ConsumeContext<GetCalendar> context)
    {
        var m = context.Message;
        if (m.To <= m.From || m.To - m.From > MaxRange)
        {
            await context.RespondInvalidAsync(new ValidationErrors().Add("to", "must be after from, and at most 366 days after it"));
            return;
        }
        await using var uow = await db.BeginAsync(context.CancellationToken);
        var cluster = await ClusterAccess.LoadAsync(uow, m.ClusterId);
        var allowed = cluster is not null && (m.Caller.Role == Roles.Admin || m.Caller.Role == Roles.Provider && cluster.ProviderId == m.Caller.OrganizationId);
        if (!allowed) { await context.RespondNotFoundAsync("cluster"); return; }

        // Outage rows live in node_holds too (no booking, an open end while the outage lasts): shown apart.
        var rows = (await uow.QueryAsync<(int NodeIndex, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, Guid? BookingId, Guid? OutageId)>(
            """
            select node_index, lower(period), case when upper_inf(period) then null else upper(period) end, booking_id, outage_id
            from node_holds
            where cluster_id = @ClusterId and period && tstzrange(@From, @To, '[)')
            order by node_index, lower(period)
            """, m)).ToLookup(h => h.NodeIndex);
        var nodes = Enumerable.Range(0, cluster!.NodeCount)
            .Select(i => new NodeCalendar(i,
                rows[i].Where(h => h.BookingId is not null).Select(h => new HoldSlot(h.StartsAt, h.EndsAt!.Value, h.BookingId!.Value)).ToList(),
                rows[i].Where(h => h.OutageId is not null).Select(h => new OutageSlot(h.StartsAt, h.EndsAt, h.OutageId!.Value)).ToList()))
            .ToList();
        await context.RespondAsync(new ClusterCalendar(m.ClusterId, nodes));
    }
}
