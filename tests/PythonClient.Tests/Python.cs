using System.Diagnostics;
using Marketplace.Testing;

namespace PythonClient.Tests;

/// <summary>
/// Runs Debian's Python 3 (PYTHON overrides it), where deploy/local/test.sh and .ci/run install httpx, attrs, pytest,
/// setuptools and venv from Debian's packages: this machine reaches no Python index, so every install is offline.
/// </summary>
public static class Python
{
    public static string Executable => Environment.GetEnvironmentVariable("PYTHON") ?? "/usr/bin/python3";

    public static string ClientSource => Path.Combine(TestEnvironment.RepositoryRoot, "clients", "python");

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>), stdout and stderr together.</summary>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output) output.AppendLine($"(killed after {timeout.TotalSeconds:0} s)");
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output) return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>
    /// `pip install` of a copy of clients/python into a new virtual environment that sees Debian's packages (offline,
    /// no build isolation: setuptools and wheel come from Debian), so the tests import the installed package, not the
    /// source tree. Returns the environment's python.
    /// </summary>
    public static async Task<string> InstallClientAsync(string directory)
    {
        var copy = Path.Combine(directory, "src");
        Copy(ClientSource, copy);
        var venv = Path.Combine(directory, "venv");
        var created = await RunAsync(Executable, ["-m", "venv", "--system-site-packages", venv], directory, null, TimeSpan.FromMinutes(2));
        if (created.ExitCode != 0) throw new InvalidOperationException($"python3 -m venv failed:\n{created.Output}");
        var python = Path.Combine(venv, "bin", "python");
        var installed = await RunAsync(python, ["-m", "pip", "install", "--no-index", "--no-build-isolation", "--quiet", copy], directory,
            new Dictionary<string, string> { ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1" }, TimeSpan.FromMinutes(3));
        if (installed.ExitCode != 0) throw new InvalidOperationException($"pip install ./clients/python failed:\n{installed.Output}");
        return python;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is "build" or "__pycache__" or ".pytest_cache" || name.EndsWith(".egg-info", StringComparison.Ordinal)) continue;
            Copy(directory, Path.Combine(to, name));
        }
    }
}
