using System.Text.RegularExpressions;
using Marketplace.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PythonClient.Tests;

/// <summary>
/// Issue 15: the Python client installs with pip and its pytest suite (clients/python/tests) passes against the whole
/// marketplace: the seed's example script books the 70B run, problems carry field errors, a bid is followed until it
/// ends, and retries keep one Idempotency-Key.
/// </summary>
public sealed class When_the_python_client_is_used(PythonMarket market, ITestOutputHelper output)
    : IClassFixture<PythonMarket>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("market-python-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Should_install_with_pip_and_pass_its_pytest_suite_against_the_running_market()
    {
        var python = await Python.InstallClientAsync(_directory);
        var tests = Path.Combine(_directory, "src", "tests");
        // Run from the tests folder: `python -m pytest` puts the working directory first on sys.path, and the source
        // tree's packages must not shadow the installed ones.
        var run = await Python.RunAsync(python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", "."], tests,
            new Dictionary<string, string>
            {
                ["MARKET_URL"] = market.GatewayAddress!.ToString().TrimEnd('/'),
                ["MARKET_ADMIN_KEY"] = MarketplaceFixture.AdminKey,
            },
            TimeSpan.FromMinutes(8));
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        var summary = Regex.Match(run.Output, @"(\d+) passed");
        Assert.True(summary.Success, run.Output);
        Assert.True(int.Parse(summary.Groups[1].Value) >= 6, run.Output);
        Assert.DoesNotMatch(@"\d+ (failed|skipped|error)", run.Output);
        Assert.Contains("PASSED test_seed_story.py::test_the_example_plans_quotes_places_and_books_the_70b_run", run.Output);
    }
}
