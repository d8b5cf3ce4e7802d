using System.ComponentModel;
using Marketplace.Client;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli.Commands;

public class MarketSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the API's answer as JSON (for scripts) instead of a table.")]
    public bool Json { get; init; }
}

/// <summary>
/// What every command shares: the client for the saved (or MARKET_API_KEY) key, JSON output, and one mapping from the
/// API's problems to a readable message on stderr and an exit code (<see cref="ExitCodes"/>).
/// </summary>
public abstract class MarketCommand<TSettings>(CliEnvironment env) : AsyncCommand<TSettings> where TSettings : MarketSettings
{
    protected CliEnvironment Env => env;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (ApiException ex)
        {
            var error = ApiError.From(ex);
            env.Error.MarkupLineInterpolated($"[red]{error.Status} {error.Title}[/]{(error.Detail is null ? "" : ": " + error.Detail)}");
            foreach (var (field, messages) in error.Fields)
                foreach (var message in messages) env.Error.MarkupLineInterpolated($"  [yellow]{field}[/] {message}");
            return ExitCodes.ForStatus(error.Status);
        }
        catch (HttpRequestException ex)
        {
            env.Error.MarkupLineInterpolated($"[red]The marketplace did not answer:[/] {ex.Message}");
            return ExitCodes.Unavailable;
        }
        catch (NotLoggedIn)
        {
            env.Error.MarkupLine("[red]No API key:[/] run [bold]market login --key <apiKey>[/] or set MARKET_API_KEY.");
            return ExitCodes.NotAllowed;
        }
    }

    protected abstract Task<int> RunAsync(TSettings settings, CancellationToken ct);

    protected MarketplaceClient Client()
    {
        var saved = new ApiKeyStore(env).Load() ?? throw new NotLoggedIn();
        return MarketplaceConnection.Create(new Uri(saved.Url), saved.ApiKey, env.Transport);
    }

    /// <summary>--json: the answer as the API gave it; otherwise the table the command draws.</summary>
    protected async Task<int> ShowAsync<T>(TSettings settings, T? answer, Func<T, Spectre.Console.Rendering.IRenderable> table) where T : IParsable
    {
        if (answer is null) return ExitCodes.Ok;
        if (settings.Json) WriteJson(await KiotaJsonSerializer.SerializeAsStringAsync(answer));
        else env.Out.Write(table(answer));
        return ExitCodes.Ok;
    }

    /// <summary>One line of JSON, straight to the output: a console would wrap it at its width.</summary>
    protected void WriteJson(string json) => env.Out.Profile.Out.Writer.WriteLine(json);

    protected static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(column);
        return table;
    }

    protected static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'") ?? "-";
    protected static string Money(decimal? amount) => amount?.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private sealed class NotLoggedIn : Exception;
}
