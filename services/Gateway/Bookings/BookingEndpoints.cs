using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Gateway.Errors;
using Marketplace.Gateway.Identity;
using Marketplace.Gateway.ServiceCalls;
using Marketplace.Gateway.OpenApi;

namespace Marketplace.Gateway.Bookings;

/// <summary>API.md "Bookings": the allocation service owns them.</summary>
public static class BookingEndpoints
{
    private static readonly string[] Statuses = ["scheduled", "active", "completed", "cancelled"];

    public static void MapBookingEndpoints(this IEndpointRouteBuilder app)
    {
        var bookings = app.MapGroup("/v1/bookings").RequireAuthorization().WithTags("Bookings");
        bookings.MapGet("/", List).WithName("ListBookings").Returns<BookingPage>(200, 400);
        bookings.MapGet("/{id:guid}", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<GetBooking, BookingView>(new GetBooking(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .WithName("GetBooking").Returns<BookingView>(200, 404);
        bookings.MapPost("/{id:guid}/cancel", (Guid id, HttpContext http, ServiceClient svc) =>
            svc.AskAsync<CancelBooking, BookingView>(new CancelBooking(http.User.ToCaller(), id), TypedResults.Ok, http.RequestAborted))
            .RequireAuthorization(Policies.TenantOrAdmin).WithName("CancelBooking").Returns<BookingView>(200, 403, 404, 409);
    }

    private static Task<IResult> List(HttpContext http, ServiceClient svc, string? status = null, int limit = PageCursor.DefaultLimit, string? cursor = null)
    {
        var errors = new ValidationErrors();
        PageCursor.Validate(errors, limit, cursor);
        if (status is not null && !Statuses.Contains(status)) errors.Add("status", "must be scheduled, active, completed or cancelled");
        if (!errors.IsValid) return Task.FromResult(Problems.Invalid(errors));
        return svc.AskAsync<ListBookings, BookingPage>(new ListBookings(http.User.ToCaller(), status, limit, cursor), TypedResults.Ok, http.RequestAborted);
    }
}
