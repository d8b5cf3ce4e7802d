using Marketplace.Contracts;
using Marketplace.Contracts.Allocation;
using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Domain;
using Marketplace.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>
/// Asks the owning services for their records over the bus, page by page until the cursor runs out. Settlement never
/// reads another service's tables (DESIGN.md): these answers are the only view it has.
/// </summary>
public sealed class OwnerRecords(
    IRequestClient<ListBookingRecords> bookings, IRequestClient<ListHolds> holds, IRequestClient<ListAwards> awards,
    IRequestClient<GetBooking> booking, IOptions<SettlementOptions> options)
{
    private const int PageSize = 500;

    /// <summary>Settlement asks with an admin's rights, as itself.</summary>
    public static readonly Caller System = new(Guid.Empty, Roles.Admin);

    private RequestTimeout Timeout => RequestTimeout.After(ms: (int)options.Value.OwnerRequestTimeout.TotalMilliseconds);

    /// <summary>One request to an owner, ended by its timeout even when its send hangs; a timeout names the owner.</summary>
    private Task<T> AskAsync<T>(string owner, CancellationToken ct, Func<CancellationToken, Task<T>> request) =>
        ReconciliationFailures.AskAsync(owner, () => BoundedRequest.WithinAsync(options.Value.OwnerRequestTimeout, ct, request));

    public Task<List<BookingView>> BookingsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        AllPagesAsync(cursor => AskAsync("allocation", ct, async bounded =>
                (await bookings.GetResponse<BookingPage>(new ListBookingRecords(from, to, PageSize, cursor), bounded, Timeout)).Message),
            p => (p.Items, p.NextCursor));

    public Task<List<HoldRecord>> HoldsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        AllPagesAsync(cursor => AskAsync("inventory", ct, async bounded =>
                (await holds.GetResponse<HoldPage>(new ListHolds(from, to, PageSize, cursor), bounded, Timeout)).Message),
            p => (p.Items, p.NextCursor));

    public Task<List<AwardRecord>> AwardsAsync(CancellationToken ct) =>
        AllPagesAsync(cursor => AskAsync("bidding", ct, async bounded =>
                (await awards.GetResponse<AwardPage>(new ListAwards(PageSize, cursor), bounded, Timeout)).Message),
            p => (p.Items, p.NextCursor));

    /// <summary>One booking from allocation, whatever its period; null when allocation has none by that id.</summary>
    public async Task<BookingView?> BookingAsync(Guid id, CancellationToken ct)
    {
        var response = await AskAsync("allocation", ct, bounded => booking.GetResponse<BookingView, Problem>(new GetBooking(System, id), bounded, Timeout));
        if (response.Is(out Response<BookingView>? found)) return found!.Message;
        response.Is(out Response<Problem>? refused);
        var problem = refused!.Message;
        return problem.Status == 404 ? null : throw new OwnerRefusedException($"The allocation service refused to show booking {id} ({problem.Status}); start a new run.");
    }

    private static async Task<List<TItem>> AllPagesAsync<TPage, TItem>(Func<string?, Task<TPage>> fetch, Func<TPage, (IReadOnlyList<TItem> Items, string? Next)> read)
    {
        var all = new List<TItem>();
        string? cursor = null;
        do
        {
            var (items, next) = read(await fetch(cursor));
            all.AddRange(items);
            cursor = next;
        } while (cursor is not null);
        return all;
    }
}
