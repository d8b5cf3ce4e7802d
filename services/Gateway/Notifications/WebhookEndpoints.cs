using Marketplace.Contracts.Notifications;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Idempotency;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.OpenApi;
using Marketplace.Gateway.ServiceCalls;

namespace Marketplace.Gateway.Notifications;

public sealed record CreateWebhookRequest(string? Url, List<string?>? Events);

/// <summary>The answer to creating a webhook: the only time its signing secret is shown.</summary>
public sealed record CreatedWebhook(Guid Id, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset CreatedAt) : IShownOnce
{
    public object WithoutSecret() => new WebhookView(Id, Url, Events, CreatedAt);
}

/// <summary>
/// API.md "Outages, events and webhooks": an organization's webhooks, owned by the notifications service. Any role may
/// have webhooks, for the events its feed shows; another organization's webhook is "not found". The gateway checks the
/// shape; the service checks where the URL may point (its configuration) and the quota.
/// </summary>
public static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/v1/webhooks").RequireAuthorization().WithTags("Webhooks");
        webhooks.MapPost("/", Create).WithIdempotency().WithName("CreateWebhook").Returns<CreatedWebhook>(201, 400, 413, 422);
        webhooks.MapGet("/", (HttpContext http, ServiceClient svc) =>
            svc.AskAsync<ListWebhooks, WebhookList>(new ListWebhooks(http.User.ToCaller()), TypedResults.Ok, http.RequestAborted))
            .WithName("ListWebhooks").Returns<WebhookList>(200);
        webhooks.MapDelete("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<DeleteWebhook, WebhookDeleted>(new DeleteWebhook(http.User.ToCaller(), id), _ => TypedResults.NoContent(), http.RequestAborted))
            .WithName("DeleteWebhook").ReturnsNothing(404);
        webhooks.MapGet("/{id:guid}/deliveries", Deliveries).WithName("ListWebhookDeliveries").Returns<DeliveryAttemptPage>(200, 400, 404);
    }

    private static Task<IResult> Create(CreateWebhookRequest body, HttpContext http, ServiceClient svc)
    {
        var errors = new ValidationErrors();
        var caller = http.User.ToCaller();
        var url = WebhookRules.Validate(errors, caller.Role, body.Url, body.Events);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        var command = new CreateWebhook(caller, ResourceIds.For(http), url!.AbsoluteUri, body.Events!.Select(e => e!).ToList());
        return svc.AskAsync<CreateWebhook, WebhookCreated>(command,
            w => TypedResults.Created($"/v1/webhooks/{w.Id}", new CreatedWebhook(w.Id, w.Url, w.Events, w.Secret, w.CreatedAt)), http.RequestAborted);
    }

    private static Task<IResult> Deliveries(Guid id, HttpContext http, ServiceClient svc, int limit = PageCursor.DefaultLimit, string? cursor = null)
    {
        var errors = new ValidationErrors();
        PageCursor.Validate(errors, limit, cursor);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListWebhookDeliveries, DeliveryAttemptPage>(new ListWebhookDeliveries(http.User.ToCaller(), id, limit, cursor),
            TypedResults.Ok, http.RequestAborted);
    }
}
