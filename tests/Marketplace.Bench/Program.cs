using Marketplace.Bench;

// deploy/local/bench.sh [options]: the benchmark of the running system (issue 11). What each run and column is:
// docs/benchmarks.md, "The running system: deploy/local/bench.sh". Options: BenchOptions.Usage.
if (!BenchOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 64;
}
if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("bench: CPU and memory are read from /proc; Linux only");
    return 1;
}

using var api = new Api(options.Gateway, options.AdminKey);
var report = new Report(options, args);
try
{
    await new Benchmark(options, api, report, Console.Out).RunAsync();
}
finally
{
    // Whatever was measured before a failure is still written.
    await report.WriteAsync();
    Console.WriteLine();
    Console.WriteLine(report.ToMarkdown());
    Console.WriteLine($"(written to {report.MarkdownPath} and {report.JsonPath})");
}
return 0;
