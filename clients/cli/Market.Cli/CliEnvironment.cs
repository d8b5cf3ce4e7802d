using Spectre.Console;

namespace Marketplace.Cli;

/// <summary>
/// What the commands take from the outside world, in one place so tests can give their own: the console, environment
/// variables, the config directory, and the HTTP transport (a test's in-memory gateway).
/// </summary>
public sealed record CliEnvironment(
    IAnsiConsole Out, IAnsiConsole Error, Func<string, string?> Variable, string ConfigDirectory, HttpMessageHandler? Transport,
    TimeSpan PollInterval)
{
    public static CliEnvironment FromProcess()
    {
        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new CliEnvironment(AnsiConsole.Console,
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
            Environment.GetEnvironmentVariable, Path.Combine(configHome, "market"), null, TimeSpan.FromSeconds(1));
    }
}
