using System.Globalization;
using Marketplace.Chaos;

// deploy/local/chaos.sh [seconds] [--short] [--rate N] [--tenants N] [--strict]
// Against the system deploy/local/up.sh runs. Prints one markdown table; exits 1 when an invariant fails
// (and with --strict, 2 when a fault missed a recovery goal).
var seconds = 300;
var rate = 10.0;
var tenants = 16;
bool brief = false, strict = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--short": brief = true; break;
        case "--strict": strict = true; break;
        case "--rate": rate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--tenants": tenants = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case var s when int.TryParse(s, out var n) && n > 0: seconds = n; break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: chaos.sh [seconds] [--short] [--rate N] [--tenants N] [--strict]");
            return 64;
    }
}
var root = Environment.GetEnvironmentVariable("REPO_ROOT") ?? Directory.GetCurrentDirectory();
var options = new ChaosOptions
{
    RepositoryRoot = root,
    RunDirectory = Environment.GetEnvironmentVariable("RUN_DIR") ?? Path.Combine(root, ".run"),
    AdminKey = Environment.GetEnvironmentVariable("MARKETPLACE_ADMIN_KEY") ?? "",
    Duration = TimeSpan.FromSeconds(seconds),
    BidsPerSecond = rate,
    Tenants = tenants,
    Short = brief,
    Infrastructure = InfrastructureFaults.Restart,
};
var report = await new ChaosRun(options, Console.Out).RunAsync();
var table = report.ToMarkdown();
Console.WriteLine();
Console.WriteLine(table);
var file = Path.Combine(options.RunDirectory, $"chaos-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
await File.WriteAllTextAsync(file, table);
Console.WriteLine($"(also written to {file})");
return !report.InvariantsHold ? 1 : strict && !report.GoalsMet ? 2 : 0;
