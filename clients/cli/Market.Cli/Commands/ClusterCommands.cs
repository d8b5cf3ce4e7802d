using System.ComponentModel;
using Marketplace.Client.Models;
using Marketplace.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli.Commands;

public sealed class ClusterListSettings : MarketSettings;

public sealed class ClusterListCommand(CliEnvironment env) : MarketCommand<ClusterListSettings>(env)
{
    protected override async Task<int> RunAsync(ClusterListSettings settings, CancellationToken ct)
    {
        var page = await Client().V1.Clusters.GetAsync(cancellationToken: ct);
        return await ShowAsync(settings, page, p =>
        {
            var table = Table("id", "name", "model", "region", "nodes", "ask", "available", "status");
            foreach (var c in p.Items ?? [])
                table.AddRow(Markup.Escape($"{c.Id}"), Markup.Escape(c.Name ?? ""), Markup.Escape(c.GpuModel ?? ""), Markup.Escape(c.Region ?? ""),
                    $"{c.NodeCount} × {c.GpusPerNode}", Money(c.AskPricePerGpuHour), $"{Time(c.AvailableFrom)} → {Time(c.AvailableUntil)}",
                    c.Status?.ToString().ToLowerInvariant() ?? "");
            return table;
        });
    }
}

public sealed class ClusterCreateSettings : MarketSettings
{
    [CommandOption("--name <NAME>")] public string? Name { get; init; }
    [CommandOption("--region <REGION>")] public string? Region { get; init; }
    [CommandOption("--gpu-model <MODEL>")] public string? GpuModel { get; init; }
    [CommandOption("--gpus-per-node <N>")] public int? GpusPerNode { get; init; }
    [CommandOption("--nodes <N>")] public int? Nodes { get; init; }
    [CommandOption("--fabric <KIND>")][Description("infiniband, roce or ethernet")] public string? Fabric { get; init; }
    [CommandOption("--gbps <N>")][Description("Gbit/s per node")] public int? Gbps { get; init; }
    [CommandOption("--ask <PRICE>")][Description("USD per GPU-hour")] public decimal? Ask { get; init; }
    [CommandOption("--from <TIME>")][Description("a whole UTC hour, e.g. 2026-12-01T09:00:00Z")] public DateTimeOffset? From { get; init; }
    [CommandOption("--until <TIME>")] public DateTimeOffset? Until { get; init; }
}

/// <summary>Lists a cluster (provider); the API checks every field and its errors are shown per field.</summary>
public sealed class ClusterCreateCommand(CliEnvironment env) : MarketCommand<ClusterCreateSettings>(env)
{
    protected override async Task<int> RunAsync(ClusterCreateSettings s, CancellationToken ct)
    {
        if (s.Fabric is not null && Enums.Parse<InterconnectRequest_kind>(s.Fabric) is null)
        {
            Env.Error.MarkupLineInterpolated($"[red]--fabric[/] must be infiniband, roce or ethernet, not '{s.Fabric}'.");
            return ExitCodes.Invalid;
        }
        var body = new CreateClusterRequest
        {
            Name = s.Name, Region = s.Region, GpuModel = s.GpuModel, GpusPerNode = s.GpusPerNode, NodeCount = s.Nodes,
            Interconnect = new InterconnectRequest { Kind = Enums.Parse<InterconnectRequest_kind>(s.Fabric), GbpsPerNode = s.Gbps },
            AskPricePerGpuHour = s.Ask, AvailableFrom = s.From, AvailableUntil = s.Until,
        };
        var cluster = await Client().V1.Clusters.PostAsync(body, IdempotencyKeys.With<Microsoft.Kiota.Abstractions.DefaultQueryParameters>(), ct);
        return await ShowAsync(settings: s, cluster, c => new Markup(Markup.Escape($"Listed cluster {c.Id}: {c.NodeCount} × {c.GpusPerNode} {c.GpuModel} in {c.Region} at {Money(c.AskPricePerGpuHour)}") + "\n"));
    }
}

public sealed class ClusterCalendarSettings : MarketSettings
{
    [CommandArgument(0, "<CLUSTER_ID>")] public Guid ClusterId { get; init; }
    [CommandOption("--from <TIME>")] public DateTimeOffset? From { get; init; }
    [CommandOption("--to <TIME>")] public DateTimeOffset? To { get; init; }
}

/// <summary>Which node is held when (provider of the cluster, admin).</summary>
public sealed class ClusterCalendarCommand(CliEnvironment env) : MarketCommand<ClusterCalendarSettings>(env)
{
    protected override async Task<int> RunAsync(ClusterCalendarSettings s, CancellationToken ct)
    {
        var calendar = await Client().V1.Clusters[s.ClusterId].Calendar.GetAsync(config =>
        {
            config.QueryParameters.From = s.From?.ToUniversalTime();
            config.QueryParameters.To = s.To?.ToUniversalTime();
        }, ct);
        return await ShowAsync(s, calendar, c =>
        {
            var table = Table("node", "booking", "from", "until");
            foreach (var node in c.Nodes ?? [])
                foreach (var hold in node.Holds ?? [])
                    table.AddRow($"{node.Index}", Markup.Escape($"{hold.BookingId}"), Time(hold.StartsAt), Time(hold.EndsAt));
            return table;
        });
    }
}
