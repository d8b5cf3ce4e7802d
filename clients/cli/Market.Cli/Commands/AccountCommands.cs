using Spectre.Console;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace Marketplace.Cli.Commands;

public sealed class BookingsSettings : MarketSettings
{
    [CommandOption("--status <STATUS>")][Description("scheduled, active, completed or cancelled")] public string? Status { get; init; }
}

/// <summary>Tenant: its bookings; provider: those on its clusters; admin: all.</summary>
public sealed class BookingsCommand(CliEnvironment env) : MarketCommand<BookingsSettings>(env)
{
    protected override async Task<int> RunAsync(BookingsSettings s, CancellationToken ct)
    {
        var status = Enums.Parse<Marketplace.Client.V1.Bookings.GetStatusQueryParameterType>(s.Status);
        if (s.Status is not null && status is null)
        {
            Env.Error.MarkupLineInterpolated($"[red]--status[/] must be scheduled, active, completed or cancelled, not '{s.Status}'.");
            return ExitCodes.Invalid;
        }
        var page = await Client().V1.Bookings.GetAsync(config => config.QueryParameters.Status = status, ct);
        return await ShowAsync(s, page, p =>
        {
            var table = Table("id", "model", "nodes", "gpus", "starts", "ends", "price", "total", "status");
            foreach (var b in p.Items ?? [])
                table.AddRow(Markup.Escape($"{b.Id}"), Markup.Escape(b.GpuModel ?? ""), $"{b.NodeCount}", $"{b.GpuCount}", Time(b.StartsAt), Time(b.EndsAt),
                    Money(b.PricePerGpuHour), Money(b.TotalPrice), Enums.Word(b.Status ?? default));
            return table;
        });
    }
}

public sealed class LedgerSettings : MarketSettings;

/// <summary>The caller's ledger entries (admin: all), signed from the account holder's side.</summary>
public sealed class LedgerCommand(CliEnvironment env) : MarketCommand<LedgerSettings>(env)
{
    protected override async Task<int> RunAsync(LedgerSettings s, CancellationToken ct)
    {
        var page = await Client().V1.Ledger.GetAsync(cancellationToken: ct);
        return await ShowAsync(s, page, p =>
        {
            var table = Table("at", "account", "kind", "amount", "booking");
            foreach (var e in p.Items ?? [])
                table.AddRow(Time(e.At), Markup.Escape(e.Account ?? ""), Enums.Word(e.Kind ?? default), Money(e.Amount), Markup.Escape($"{e.BookingId}"));
            return table;
        });
    }
}
