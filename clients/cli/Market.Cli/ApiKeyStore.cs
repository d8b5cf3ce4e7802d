using System.Text.Json;

namespace Marketplace.Cli;

/// <summary>
/// Where `market login` keeps the gateway URL and API key: config.json in the user's config directory
/// ($XDG_CONFIG_HOME/market, else ~/.config/market), readable by the user only (0600). MARKET_API_KEY and MARKET_URL
/// take precedence, so scripts and CI need no file.
/// </summary>
public sealed class ApiKeyStore(CliEnvironment env)
{
    public const string DefaultUrl = "http://127.0.0.1:8080";
    private string FilePath => Path.Combine(env.ConfigDirectory, "config.json");

    public sealed record Saved(string Url, string ApiKey);

    public void Save(Saved saved)
    {
        Directory.CreateDirectory(env.ConfigDirectory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(env.ConfigDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Created 0600 before the key is written, so it is never readable by others, not even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(FilePath, options)) JsonSerializer.Serialize(stream, saved);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public Saved? Load()
    {
        var saved = File.Exists(FilePath) ? JsonSerializer.Deserialize<Saved>(File.ReadAllText(FilePath)) : null;
        var key = env.Variable("MARKET_API_KEY") is { Length: > 0 } fromEnv ? fromEnv : saved?.ApiKey;
        var url = env.Variable("MARKET_URL") is { Length: > 0 } urlFromEnv ? urlFromEnv : saved?.Url ?? DefaultUrl;
        return key is null ? null : new Saved(url, key);
    }
}
