using Marketplace.Cli;
using Marketplace.Testing;
using Spectre.Console.Testing;

namespace Marketplace.Cli.Tests;

/// <summary>One `market …` invocation against the fixture's gateway (in memory), with its own config directory and env.</summary>
public sealed class CliRun(MarketplaceFixture market, string configDirectory, IDictionary<string, string>? variables = null)
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public async Task<Result> RunAsync(params string[] args)
    {
        var output = new TestConsole();
        output.Profile.Width = 400;
        var error = new TestConsole();
        error.Profile.Width = 400;
        var vars = new Dictionary<string, string>(variables ?? new Dictionary<string, string>()) { ["MARKET_URL"] = "http://localhost" };
        var env = new CliEnvironment(output, error, name => vars.GetValueOrDefault(name), configDirectory,
            market.GatewayHost.Server.CreateHandler(), TimeSpan.FromMilliseconds(100));
        var code = await MarketApp.RunAsync(args, env);
        return new Result(code, output.Output, error.Output);
    }
}
