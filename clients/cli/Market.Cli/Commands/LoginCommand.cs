using System.ComponentModel;
using Marketplace.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli.Commands;

public sealed class LoginSettings : MarketSettings
{
    [CommandOption("--key <API_KEY>")]
    [Description("The organization's API key (else read from MARKET_API_KEY).")]
    public string? Key { get; init; }

    [CommandOption("--url <URL>")]
    [Description("The gateway (default http://127.0.0.1:8080, or MARKET_URL).")]
    public string? Url { get; init; }
}

/// <summary>Checks the key against GET /v1/me, then keeps it (0600) for the next commands.</summary>
public sealed class LoginCommand(CliEnvironment env) : MarketCommand<LoginSettings>(env)
{
    protected override async Task<int> RunAsync(LoginSettings settings, CancellationToken ct)
    {
        var key = settings.Key ?? Env.Variable("MARKET_API_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            Env.Error.MarkupLine("[red]Give --key <apiKey>[/] (or set MARKET_API_KEY).");
            return ExitCodes.Invalid;
        }
        var url = settings.Url ?? Env.Variable("MARKET_URL") ?? ApiKeyStore.DefaultUrl;
        var me = await MarketplaceConnection.Create(new Uri(url), key, Env.Transport).V1.Me.GetAsync(cancellationToken: ct);
        new ApiKeyStore(Env).Save(new ApiKeyStore.Saved(url, key));
        return await ShowAsync(settings, me, m => new Markup(Markup.Escape($"Logged in to {url} as {m.Name} ({m.Role?.ToString().ToLowerInvariant()}).") + "\n"));
    }
}
