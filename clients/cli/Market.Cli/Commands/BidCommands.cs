using System.ComponentModel;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli.Commands;

/// <summary>A bid's terms as options, shared by `bid quote` and `bid place`.</summary>
public class BidTermsSettings : MarketSettings
{
    [CommandOption("--gpu-model <MODEL>")] public string? GpuModel { get; init; }
    [CommandOption("--gpus <N>")] public int? Gpus { get; init; }
    [CommandOption("--hours <N>")] public int? Hours { get; init; }
    [CommandOption("--earliest <TIME>")][Description("earliest start, a whole UTC hour (default: the next one)")] public DateTimeOffset? Earliest { get; init; }
    [CommandOption("--latest <TIME>")][Description("latest start (default: earliest + 3 days)")] public DateTimeOffset? Latest { get; init; }
    [CommandOption("--max-price <PRICE>")][Description("USD per GPU-hour")] public decimal? MaxPrice { get; init; }
    [CommandOption("--region <REGION>")][Description("repeat for several; none: any region")] public string[] Regions { get; init; } = [];

    public PlaceBidRequest ToRequest(DateTimeOffset now)
    {
        var earliest = Earliest ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        return new PlaceBidRequest
        {
            GpuModel = GpuModel, GpuCount = Gpus, DurationHours = Hours, EarliestStart = earliest, LatestStart = Latest ?? earliest.AddDays(3),
            MaxPricePerGpuHour = MaxPrice, Regions = [.. Regions],
        };
    }
}

/// <summary>What the market would do with the bid now, why not, and fillable bids one change away.</summary>
public sealed class BidQuoteCommand(CliEnvironment env) : MarketCommand<BidTermsSettings>(env)
{
    protected override async Task<int> RunAsync(BidTermsSettings s, CancellationToken ct)
    {
        var quote = await Client().V1.Quotes.PostAsync(s.ToRequest(DateTimeOffset.UtcNow), cancellationToken: ct);
        return await ShowAsync(s, quote, q =>
        {
            var rows = new Rows(
                q.Fillable == true
                    ? new Markup($"[green]Fillable[/] at {Money(q.PricePerGpuHour)}/GPU-h from {Time(q.StartsAt)} to {Time(q.EndsAt)}, total {Money(q.TotalPrice)} ({Markup.Escape(q.Region ?? "")}, {Markup.Escape(q.InterconnectKind ?? "")})")
                    : new Markup($"[yellow]Not fillable:[/] {Markup.Escape(q.Reason ?? "")}"),
                Alternatives(q));
            return rows;
        });
    }

    private static Spectre.Console.Rendering.IRenderable Alternatives(QuoteView q)
    {
        if (q.Alternatives is not { Count: > 0 } alternatives) return Text.Empty;
        var table = Table("change", "gpus", "model", "max price", "price", "starts", "total");
        foreach (var a in alternatives)
            table.AddRow(Markup.Escape(Enums.Word(a.Change ?? default)), $"{a.Bid?.GpuCount}", Markup.Escape(a.Bid?.GpuModel ?? ""),
                Money(a.Bid?.MaxPricePerGpuHour), Money(a.PricePerGpuHour), Time(a.StartsAt), Money(a.TotalPrice));
        return table;
    }
}

public sealed class BidPlaceSettings : BidTermsSettings
{
    [CommandOption("--wait")][Description("Show progress until the bid is won (then its booking) or ends.")] public bool Wait { get; init; }
}

/// <summary>Places the bid with a fresh Idempotency-Key (retries reuse it); --wait follows it to its booking.</summary>
public sealed class BidPlaceCommand(CliEnvironment env) : MarketCommand<BidPlaceSettings>(env)
{
    protected override async Task<int> RunAsync(BidPlaceSettings s, CancellationToken ct)
    {
        var client = Client();
        var bid = await client.V1.Bids.PostAsync(s.ToRequest(DateTimeOffset.UtcNow), IdempotencyKeys.With<Microsoft.Kiota.Abstractions.DefaultQueryParameters>(), ct);
        if (bid is null) return ExitCodes.Unavailable;
        if (!s.Wait) return await ShowAsync(s, bid, b => new Markup(Markup.Escape($"Placed bid {b.Id} ({Enums.Word(b.Status ?? default)}).") + "\n"));

        if (!s.Json) Env.Out.MarkupLineInterpolated($"Placed bid {bid.Id}; waiting for the market…");
        var last = "";
        while (bid!.Status == BidView_status.Open)
        {
            var reason = bid.LastDecision?.Reason ?? "waiting for the next round";
            if (!s.Json && reason != last) Env.Out.MarkupLineInterpolated($"  [grey]{Time(DateTimeOffset.UtcNow)}[/] open: {reason}");
            last = reason;
            await Task.Delay(Env.PollInterval, ct);
            bid = await client.V1.Bids[bid.Id!.Value].GetAsync(cancellationToken: ct);
        }
        if (bid.Status != BidView_status.Won)
        {
            if (s.Json) WriteJson(await Microsoft.Kiota.Abstractions.Serialization.KiotaJsonSerializer.SerializeAsStringAsync(bid));
            else Env.Error.MarkupLineInterpolated($"[red]The bid ended {Enums.Word(bid.Status ?? default)}[/] without winning.");
            return ExitCodes.NotWon;
        }
        var booking = await client.V1.Bookings[bid.BookingId!.Value].GetAsync(cancellationToken: ct);
        return await ShowAsync(s, booking, b => new Markup(
            $"[green]Won[/] at {Money(bid.PricePerGpuHour)}/GPU-h. Booking {b.Id}: {b.NodeCount} nodes ({b.GpuCount} {Markup.Escape(b.GpuModel ?? "")}) "
            + $"from {Time(b.StartsAt)} to {Time(b.EndsAt)}, total {Money(b.TotalPrice)}\n"));
    }
}

public sealed class BidListSettings : MarketSettings
{
    [CommandOption("--status <STATUS>")][Description("open, won, cancelled or expired")] public string? Status { get; init; }
}

public sealed class BidListCommand(CliEnvironment env) : MarketCommand<BidListSettings>(env)
{
    protected override async Task<int> RunAsync(BidListSettings s, CancellationToken ct)
    {
        var status = Enums.Parse<Marketplace.Client.V1.Bids.GetStatusQueryParameterType>(s.Status);
        if (s.Status is not null && status is null)
        {
            Env.Error.MarkupLineInterpolated($"[red]--status[/] must be open, won, cancelled or expired, not '{s.Status}'.");
            return ExitCodes.Invalid;
        }
        var page = await Client().V1.Bids.GetAsync(config => config.QueryParameters.Status = status, ct);
        return await ShowAsync(s, page, p =>
        {
            var table = Table("id", "model", "gpus", "hours", "max price", "status", "price", "last decision");
            foreach (var b in p.Items ?? [])
                table.AddRow(Markup.Escape($"{b.Id}"), Markup.Escape(b.GpuModel ?? ""), $"{b.GpuCount}", $"{b.DurationHours}", Money(b.MaxPricePerGpuHour),
                    Enums.Word(b.Status ?? default), Money(b.PricePerGpuHour), Markup.Escape(b.LastDecision?.Reason ?? "-"));
            return table;
        });
    }
}

public sealed class BidCancelSettings : MarketSettings
{
    [CommandArgument(0, "<BID_ID>")] public Guid BidId { get; init; }
}

public sealed class BidCancelCommand(CliEnvironment env) : MarketCommand<BidCancelSettings>(env)
{
    protected override async Task<int> RunAsync(BidCancelSettings s, CancellationToken ct)
    {
        var bid = await Client().V1.Bids[s.BidId].DeleteAsync(cancellationToken: ct);
        return await ShowAsync(s, bid, b => new Markup(Markup.Escape($"Bid {b.Id} is {Enums.Word(b.Status ?? default)}.") + "\n"));
    }
}
