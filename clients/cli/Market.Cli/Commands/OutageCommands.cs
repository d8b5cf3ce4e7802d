using System.ComponentModel;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli.Commands;

public sealed class OutageReportSettings : MarketSettings
{
    [CommandArgument(0, "<CLUSTER_ID>")] public Guid ClusterId { get; init; }
    [CommandOption("--nodes <INDEXES>")][Description("comma-separated node indexes; all nodes when left out")] public string? Nodes { get; init; }
    [CommandOption("--from <TIME>")][Description("a whole UTC hour; may be in the past")] public DateTimeOffset? From { get; init; }
    [CommandOption("--until <TIME>")][Description("a whole UTC hour; open-ended when left out")] public DateTimeOffset? Until { get; init; }
    [CommandOption("--reason <TEXT>")] public string? Reason { get; init; }
}

/// <summary>A provider (or an admin) reports failed nodes; the market moves or credits the bookings on them.</summary>
public sealed class OutageReportCommand(CliEnvironment env) : MarketCommand<OutageReportSettings>(env)
{
    protected override async Task<int> RunAsync(OutageReportSettings s, CancellationToken ct)
    {
        List<int?>? nodes = null;
        if (s.Nodes is not null)
        {
            var parts = s.Nodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Any(p => !int.TryParse(p, out _)))
            {
                Env.Error.MarkupLineInterpolated($"[red]--nodes[/] must be comma-separated node indexes, not '{s.Nodes}'.");
                return ExitCodes.Invalid;
            }
            nodes = parts.Select(p => (int?)int.Parse(p)).ToList();
        }
        var body = new ReportOutageRequest { NodeIndexes = nodes, From = s.From?.ToUniversalTime(), Until = s.Until?.ToUniversalTime(), Reason = s.Reason };
        var outage = await Client().V1.Clusters[s.ClusterId].Outages.PostAsync(body, IdempotencyKeys.With<Microsoft.Kiota.Abstractions.DefaultQueryParameters>(), ct);
        return await ShowAsync(s, outage, o => new Markup(Markup.Escape(
            $"Outage {o.Id}: node(s) {string.Join(",", o.NodeIndexes ?? [])} from {Time(o.From)} {(o.Until is null ? "(open)" : $"to {Time(o.Until)}")}; " +
            "bookings on them are moved or credited (market outage list shows the effects)") + "\n"));
    }
}

public sealed class OutageListSettings : MarketSettings
{
    [CommandArgument(0, "<CLUSTER_ID>")] public Guid ClusterId { get; init; }
}

public sealed class OutageListCommand(CliEnvironment env) : MarketCommand<OutageListSettings>(env)
{
    protected override async Task<int> RunAsync(OutageListSettings s, CancellationToken ct)
    {
        var page = await Client().V1.Clusters[s.ClusterId].Outages.GetAsync(cancellationToken: ct);
        return await ShowAsync(s, page, p =>
        {
            var table = Table("id", "nodes", "from", "until", "reason", "effects");
            foreach (var o in p.Items ?? [])
                table.AddRow(Markup.Escape($"{o.Id}"), Markup.Escape(string.Join(",", o.NodeIndexes ?? [])), Time(o.From),
                    o.Until is null ? "open" : Time(o.Until), Markup.Escape(o.Reason ?? ""),
                    Markup.Escape(string.Join("; ", (o.Effects ?? []).Select(e => $"{e.Action} {e.GpuHours} GPU-h ({e.BookingId})"))));
            return table;
        });
    }
}

public sealed class OutageEndSettings : MarketSettings
{
    [CommandArgument(0, "<OUTAGE_ID>")] public Guid OutageId { get; init; }
    [CommandOption("--at <TIME>")][Description("a whole UTC hour: the nodes are bookable again from then")] public DateTimeOffset? At { get; init; }
}

public sealed class OutageEndCommand(CliEnvironment env) : MarketCommand<OutageEndSettings>(env)
{
    protected override async Task<int> RunAsync(OutageEndSettings s, CancellationToken ct)
    {
        var outage = await Client().V1.Outages[s.OutageId].End.PostAsync(new EndOutageRequest { At = s.At?.ToUniversalTime() }, cancellationToken: ct);
        return await ShowAsync(s, outage, o => new Markup(Markup.Escape($"Outage {o.Id} ended: nodes bookable again from {Time(o.Until)}") + "\n"));
    }
}

public sealed class EventsSettings : MarketSettings
{
    [CommandOption("--after <CURSOR>")][Description("continue after this cursor (printed by the last call)")] public string? After { get; init; }
    [CommandOption("--limit <N>")] public int? Limit { get; init; }
}

/// <summary>Your organization's events, oldest first; the cursor to continue from is printed last.</summary>
public sealed class EventsCommand(CliEnvironment env) : MarketCommand<EventsSettings>(env)
{
    protected override async Task<int> RunAsync(EventsSettings s, CancellationToken ct)
    {
        var page = await Client().V1.Events.GetAsync(config =>
        {
            config.QueryParameters.After = s.After;
            config.QueryParameters.Limit = s.Limit;
        }, ct);
        return await ShowAsync(s, page, p =>
        {
            var table = Table("at", "type", "id");
            foreach (var e in p.Items ?? []) table.AddRow(Time(e.At), Markup.Escape(e.Type ?? ""), Markup.Escape($"{e.Id}"));
            table.Caption(Markup.Escape($"next: market events --after {p.NextCursor}"));
            return table;
        });
    }
}
