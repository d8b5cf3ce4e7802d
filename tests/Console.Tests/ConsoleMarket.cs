using Marketplace.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Marketplace.Console.Tests;

/// <summary>
/// The whole marketplace with its gateway on a real loopback socket (a browser needs one), and one headless Debian
/// Chromium for the test class (Playwright cannot download its own browsers here). Reconciliation has no grace period,
/// so a run right after a booking already judges it.
/// </summary>
public sealed class ConsoleMarket : MarketplaceFixture
{
    /// <summary>Where Chromium is: CHROMIUM_PATH, else Debian's package.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    protected override bool GatewayOnSocket => true;

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings["Settlement:ReconciliationGrace"] = "00:00:00";
        settings["Settlement:ReconciliationPollInterval"] = "00:00:00.200";
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root (CI), Chromium's sandbox cannot start; the pages are our own, on loopback.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    public string ConsoleUrl => new Uri(GatewayAddress!, "/console/").ToString();

    /// <summary>A fresh browser context (no storage shared with other tests) at the size given, recording every host asked.</summary>
    public async Task<ConsoleSession> OpenAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var session = new ConsoleSession(this, context, page);
        page.Request += (_, request) => session.Requests.Add(request.Url);
        return session;
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleMarket>
{
    public const string Name = "console";
}
