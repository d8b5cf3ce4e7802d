using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Marketplace.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Marketplace.Console.Tests;

/// <summary>One browser tab on the console: sign-in, navigation, and the checks every test shares.</summary>
public sealed class ConsoleSession(ConsoleMarket market, IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page => page;
    public List<string> Requests { get; } = [];

    public static string KeyOf(ApiClient client) => client.Http.DefaultRequestHeaders.Authorization!.Parameter!;

    public async Task SignInAsync(ApiClient who)
    {
        await page.GotoAsync(market.ConsoleUrl);
        await page.GetByLabel("API key").FillAsync(KeyOf(who));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    public async Task GoAsync(string hash)
    {
        await page.EvaluateAsync("h => { location.hash = h; }", hash);
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
    }

    /// <summary>axe-core on the page as it is: no serious or critical violation.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    /// <summary>Every request went to the gateway, and none carried the key in its URL.</summary>
    public void AssertOnlyTheGateway(ApiClient? who = null)
    {
        var gateway = market.GatewayAddress!.Authority;
        Assert.All(Requests, url => Assert.Equal(gateway, new Uri(url).Authority));
        if (who is not null) Assert.DoesNotContain(Requests, url => url.Contains(KeyOf(who), StringComparison.Ordinal));
    }

    /// <summary>With UPDATE_CONSOLE_SCREENSHOTS=1, the page as it is now goes to docs/console/&lt;name&gt;.png.</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_CONSOLE_SCREENSHOTS") != "1") return;
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestEnvironment.RepositoryRoot, "docs", "console", $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
