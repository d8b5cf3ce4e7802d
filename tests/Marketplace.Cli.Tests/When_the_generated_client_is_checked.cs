using System.Diagnostics;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Cli.Tests;

/// <summary>
/// The typed client under clients/dotnet/Marketplace.Client/Generated is Kiota's output from docs/openapi.json: a test
/// generates it again (clients/generate.sh, the pinned Kiota) and fails while the committed copy differs.
/// </summary>
public sealed class When_the_generated_client_is_checked
{
    [Fact]
    public async Task Should_be_what_kiota_makes_of_the_committed_openapi_document()
    {
        var root = TestEnvironment.RepositoryRoot;
        var fresh = Directory.CreateTempSubdirectory("market-client-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path.Combine(root, "clients", "generate.sh"), [fresh]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, "clients/generate.sh failed: " + await stderr);

            var committed = Path.Combine(root, "clients", "dotnet", "Marketplace.Client", "Generated");
            var differences = Files(fresh).Union(Files(committed))
                .Where(f => !File.Exists(Path.Combine(fresh, f)) || !File.Exists(Path.Combine(committed, f))
                            || File.ReadAllText(Path.Combine(fresh, f)) != File.ReadAllText(Path.Combine(committed, f)))
                .ToList();
            Assert.True(differences.Count == 0,
                $"The generated client is stale ({string.Join(", ", differences.Take(5))}): run clients/generate.sh (or deploy/local/openapi.sh, which regenerates docs/openapi.json first) and commit the result.");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static IEnumerable<string> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f));
}
