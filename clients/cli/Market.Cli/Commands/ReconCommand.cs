using System.ComponentModel;
using Marketplace.Client;
using Marketplace.Client.Models;
using Microsoft.Kiota.Abstractions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli.Commands;

public sealed class ReconRunSettings : MarketSettings
{
    [CommandOption("--from <TIME>")] public DateTimeOffset? From { get; init; }
    [CommandOption("--to <TIME>")] public DateTimeOffset? To { get; init; }
    [CommandOption("--wait")][Description("Show progress until the run completes, then its discrepancies.")] public bool Wait { get; init; }
}

/// <summary>Starts a reconciliation (admin); --wait follows it and draws the discrepancy table.</summary>
public sealed class ReconRunCommand(CliEnvironment env) : MarketCommand<ReconRunSettings>(env)
{
    protected override async Task<int> RunAsync(ReconRunSettings s, CancellationToken ct)
    {
        var client = Client();
        var started = await client.V1.Reconciliations.PostAsync(new StartReconciliationRequest { From = s.From, To = s.To },
            IdempotencyKeys.With<DefaultQueryParameters>(), ct);
        if (started is null) return ExitCodes.Unavailable;
        if (!s.Wait) return await ShowAsync(s, started, r => new Markup(Markup.Escape($"Reconciliation {r.Id} is {Enums.Word(r.Status ?? default)}.") + "\n"));

        ReconciliationView? run = null;
        var poll = async () => run = await client.V1.Reconciliations[started.Id!.Value].GetAsync(cancellationToken: ct);
        if (s.Json) while ((await poll())!.Status == ReconciliationView_status.Running) await Task.Delay(Env.PollInterval, ct);
        else
            await Env.Out.Status().StartAsync($"Reconciliation {started.Id} running…", async _ =>
            {
                while ((await poll())!.Status == ReconciliationView_status.Running) await Task.Delay(Env.PollInterval, ct);
            });
        await ShowAsync(s, run, r =>
        {
            var table = Table("kind", "booking", "details", "suggested credit", "status");
            foreach (var d in r.Discrepancies ?? [])
                table.AddRow(Enums.Word(d.Kind ?? default), Markup.Escape($"{d.BookingId}"), Markup.Escape(d.Details ?? ""), Money(d.SuggestedCredit),
                    Enums.Word(d.Status ?? default));
            var counts = r.Counts;
            return new Rows(new Markup(Markup.Escape(
                $"Reconciliation {r.Id} {Enums.Word(r.Status ?? default)}: {counts?.Bookings} bookings, {counts?.Holds} holds, {counts?.Awards} awards, "
                + $"{counts?.LedgerTransactions} ledger transactions, {counts?.UsageReports} usage reports; {r.Discrepancies?.Count ?? 0} discrepancies") + "\n"), table);
        });
        return run!.Status == ReconciliationView_status.Completed ? ExitCodes.Ok : ExitCodes.NotWon;
    }
}
