using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Marketplace.Contracts.Notifications;
using Marketplace.Domain;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Webhooks;

/// <summary>
/// Registers a webhook (create-by-id: a retry of a creation whose answer was lost lands on the same webhook with a new
/// secret, since nobody saw the first). The secret signs every POST; it is answered here only.
/// </summary>
public sealed class CreateWebhookConsumer(Db db, WebhookAddresses addresses, IOptions<NotificationsOptions> options) : IConsumer<CreateWebhook>
{
    public async Task Consume(ConsumeContext<CreateWebhook> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        var url = WebhookRules.Validate(errors, m.Caller.Role, m.Url, m.Events);
        if (url is not null) addresses.Check(errors, url);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }

        await using var uow = await db.BeginAsync(context.CancellationToken);
        // One creation at a time per organization, so two at once cannot both pass the quota.
        await uow.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended(@org::text, 7))", new { org = m.Caller.OrganizationId });
        var others = await uow.ExecuteScalarAsync<int>("select count(*)::int from webhooks where organization_id = @org and id <> @WebhookId",
            new { org = m.Caller.OrganizationId, m.WebhookId });
        var max = options.Value.MaxWebhooksPerOrganization;
        if (others >= max) { await context.RespondQuotaExceededAsync($"An organization may have at most {max} webhooks; remove one first."); return; }

        var secret = NewSecret();
        var row = await uow.QuerySingleOrDefaultAsync<WebhookRow>(
            """
            insert into webhooks (id, organization_id, audience, url, events, secret)
            values (@WebhookId, @org, @audience, @url, @events, @secret)
            on conflict (id) do update set url = excluded.url, events = excluded.events, secret = excluded.secret
                where webhooks.organization_id = excluded.organization_id
            returning id, url, events, created_at
            """,
            new
            {
                m.WebhookId, org = m.Caller.OrganizationId, audience = m.Caller.Role == Roles.Admin ? "admin" : "org",
                url = url!.AbsoluteUri, events = m.Events.ToArray(), secret,
            });
        if (row is null) { await context.RespondProblemAsync(409, "Conflict", "That webhook id is taken."); return; }
        await uow.CommitAsync(context.CancellationToken);
        await context.RespondAsync(new WebhookCreated(row.Id, row.Url, row.Events, secret, row.CreatedAt));
    }

    /// <summary>"whsec_" and 256 random bits, base64url: receivers use the whole string as the HMAC key.</summary>
    private static string NewSecret() => "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

public sealed class ListWebhooksConsumer(Db db) : IConsumer<ListWebhooks>
{
    public async Task Consume(ConsumeContext<ListWebhooks> context)
    {
        var rows = await db.ReadAsync(c => c.QueryAsync<WebhookRow>(
            "select id, url, events, created_at from webhooks where organization_id = @OrganizationId order by created_at, id",
            context.Message.Caller), context.CancellationToken);
        await context.RespondAsync(new WebhookList(rows.Select(r => r.ToView()).ToList()));
    }
}

/// <summary>Removes the caller's webhook with its deliveries (another organization's id is "not found").</summary>
public sealed class DeleteWebhookConsumer(Db db) : IConsumer<DeleteWebhook>
{
    public async Task Consume(ConsumeContext<DeleteWebhook> context)
    {
        var m = context.Message;
        var deleted = await db.ReadAsync(c => c.ExecuteAsync("delete from webhooks where id = @WebhookId and organization_id = @org",
            new { m.WebhookId, org = m.Caller.OrganizationId }), context.CancellationToken);
        if (deleted == 0) { await context.RespondNotFoundAsync("webhook"); return; }
        await context.RespondAsync(new WebhookDeleted(m.WebhookId));
    }
}

/// <summary>A webhook's delivery attempts, newest first.</summary>
public sealed class ListWebhookDeliveriesConsumer(Db db) : IConsumer<ListWebhookDeliveries>
{
    public async Task Consume(ConsumeContext<ListWebhookDeliveries> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        var after = PageCursor.Validate(errors, m.Limit, m.Cursor);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        var keyset = new SqlFilters().AddIf(after is not null, "(at, id) < (@afterAt, @afterId)");
        var page = await db.ReadAsync(async c =>
        {
            if (!await c.ExecuteScalarAsync<bool>("select exists (select 1 from webhooks where id = @WebhookId and organization_id = @org)",
                    new { m.WebhookId, org = m.Caller.OrganizationId }))
                return null;
            return (await c.QueryAsync<AttemptRow>(
                $"""
                select id, event_id, event_type, attempt, status, at, response_status, error from delivery_attempts
                where webhook_id = @WebhookId {keyset.And}
                order by at desc, id desc limit @take
                """, new { m.WebhookId, afterAt = after?.CreatedAt, afterId = after?.Id ?? Guid.Empty, take = m.Limit + 1 })).AsList();
        }, context.CancellationToken);
        if (page is null) { await context.RespondNotFoundAsync("webhook"); return; }
        var next = PageCursor.Next(page, m.Limit, r => new PageCursor(r.At, r.Id));
        await context.RespondAsync(new DeliveryAttemptPage(
            page.Select(r => new DeliveryAttemptView(r.EventId, r.EventType, r.Attempt, r.Status, r.At, r.ResponseStatus, r.Error)).ToList(), next));
    }

    private sealed class AttemptRow
    {
        public Guid Id { get; init; }
        public Guid EventId { get; init; }
        public string EventType { get; init; } = "";
        public int Attempt { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public int? ResponseStatus { get; init; }
        public string? Error { get; init; }
    }
}

internal sealed class WebhookRow
{
    public Guid Id { get; init; }
    public string Url { get; init; } = "";
    public string[] Events { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }

    public WebhookView ToView() => new(Id, Url, Events, CreatedAt);
}
