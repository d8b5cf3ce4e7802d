using System.ComponentModel;
using Marketplace.Client.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli.Commands;

public sealed class PlanSettings : MarketSettings
{
    [CommandOption("--parameters <N>")][Description("model parameters, e.g. 70e9")] public double? Parameters { get; init; }
    [CommandOption("--tokens <N>")][Description("training tokens, e.g. 2e12")] public double? Tokens { get; init; }
    [CommandOption("--gpu-model <MODEL>")] public string? GpuModel { get; init; }
    [CommandOption("--gpus <N>")] public int? Gpus { get; init; }
    [CommandOption("--mfu <FRACTION>")][Description("model FLOPs utilization, 0.05-1 (default 0.4)")] public double? Mfu { get; init; }
    [CommandOption("--deadline <TIME>")] public DateTimeOffset? Deadline { get; init; }
    [CommandOption("--budget <USD>")] public decimal? Budget { get; init; }
}

/// <summary>The training-run planner: options cheapest first, each with the bid to place.</summary>
public sealed class PlanCommand(CliEnvironment env) : MarketCommand<PlanSettings>(env)
{
    protected override async Task<int> RunAsync(PlanSettings s, CancellationToken ct)
    {
        var plan = await Client().V1.Plans.PostAsync(new PlanRequest
        {
            ModelParameters = s.Parameters, TrainingTokens = s.Tokens, GpuModel = s.GpuModel, GpuCount = s.Gpus, Mfu = s.Mfu, Deadline = s.Deadline,
            Budget = s.Budget,
        }, cancellationToken: ct);
        return await ShowAsync(s, plan, p =>
        {
            var table = Table("model", "gpus", "hours", "price", "source", "total", "starts", "deadline", "budget");
            foreach (var o in p.Options ?? [])
                table.AddRow(Markup.Escape(o.GpuModel ?? ""), $"{o.GpuCount}", $"{o.DurationHours}", Money(o.PricePerGpuHour), Enums.Word(o.PriceSource ?? default),
                    Money(o.TotalPrice), Time(o.StartsAt), o.MeetsDeadline == true ? "yes" : "no", o.MeetsBudget == true ? "yes" : "no");
            return new Rows(new Markup($"Total compute: {p.TotalFlops:0.###e+0} FLOPs\n"), table);
        });
    }
}
