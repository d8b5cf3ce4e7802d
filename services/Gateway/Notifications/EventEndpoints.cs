using Marketplace.Contracts.Notifications;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.OpenApi;
using Marketplace.Gateway.ServiceCalls;

namespace Marketplace.Gateway.Notifications;

/// <summary>
/// API.md "Outages, events and webhooks": the caller's events, oldest first, from the notifications service. Unlike the
/// lists, the feed is read forwards with <c>after</c> and always answers a <c>nextCursor</c> to poll with.
/// </summary>
public static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", List).RequireAuthorization().WithName("ListEvents").WithTags("Events").Returns<EventPage>(200, 400);
    }

    private static Task<IResult> List(HttpContext http, ServiceClient svc, string? after = null, int limit = PageCursor.DefaultLimit)
    {
        var errors = new ValidationErrors();
        FeedCursor.Validate(errors, limit, after);
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListEvents, EventPage>(new ListEvents(http.User.ToCaller(), after, limit), TypedResults.Ok, http.RequestAborted);
    }
}
