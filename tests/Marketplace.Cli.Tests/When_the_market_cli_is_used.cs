using System.Text.Json.Nodes;
using Marketplace.Testing;
using Xunit;

namespace Marketplace.Cli.Tests;

/// <summary>
/// Issue 15: the `market` CLI end to end against the whole marketplace (in-process services, real PostgreSQL and
/// RabbitMQ): login keeps the key 0600, every command's --json, the exit codes scripts test, and --wait's progress.
/// </summary>
public sealed class When_the_market_cli_is_used(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("market-cli-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Should_log_in_keep_the_key_for_the_user_only_and_refuse_a_wrong_key()
    {
        var (_, key) = await NewOrganizationAsync("tenant");
        var cli = new CliRun(market, Path.Combine(_home, "a"));

        var login = await cli.RunAsync("login", "--key", key);
        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Contains("Logged in to http://localhost as", login.Out);
        var file = Path.Combine(_home, "a", "config.json");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains(key, await File.ReadAllTextAsync(file));
        var me = await cli.RunAsync("bookings", "--json");
        Assert.Equal(0, me.ExitCode);

        var wrong = await new CliRun(market, Path.Combine(_home, "b")).RunAsync("login", "--key", "mk_not_a_key");
        Assert.Equal(ExitCodes.NotAllowed, wrong.ExitCode);
        Assert.Contains("401", wrong.Error);
        Assert.False(File.Exists(Path.Combine(_home, "b", "config.json")));
        var none = await new CliRun(market, Path.Combine(_home, "c")).RunAsync("bookings");
        Assert.Equal(ExitCodes.NotAllowed, none.ExitCode);
        Assert.Contains("market login", none.Error);
    }

    [Fact]
    public async Task Should_let_a_provider_list_a_cluster_and_show_field_errors_with_exit_code_1()
    {
        var (_, key) = await NewOrganizationAsync("provider");
        var cli = new CliRun(market, _home, new Dictionary<string, string> { ["MARKET_API_KEY"] = key });
        var from = Samples.Iso(Samples.NextHour);
        var until = Samples.Iso(Samples.NextHour.AddDays(20));

        var created = await cli.RunAsync("clusters", "create", "--name", "cli-h200", "--region", "us-east-1", "--gpu-model", "H200-SXM-141GB",
            "--gpus-per-node", "8", "--nodes", "4", "--fabric", "infiniband", "--gbps", "3200", "--ask", "2.4", "--from", from, "--until", until, "--json");
        Assert.True(created.ExitCode == 0, created.Error);
        var cluster = JsonNode.Parse(created.Out)!;
        Assert.Equal("H200-SXM-141GB", cluster["gpuModel"]!.GetValue<string>());

        var listed = await cli.RunAsync("clusters", "list");
        Assert.Contains("cli-h200", listed.Out);
        var calendar = await cli.RunAsync("clusters", "calendar", cluster["id"]!.GetValue<string>(), "--json");
        Assert.True(calendar.ExitCode == 0, calendar.Error);
        // The document types the window as date-time, so the typed client sends the times itself.
        var window = await cli.RunAsync("clusters", "calendar", cluster["id"]!.GetValue<string>(), "--from", from, "--to", until, "--json");
        Assert.True(window.ExitCode == 0, window.Error);
        Assert.Equal(4, JsonNode.Parse(window.Out)!["nodes"]!.AsArray().Count);

        var bad = await cli.RunAsync("clusters", "create", "--name", "x", "--region", "US EAST", "--gpu-model", "H900", "--gpus-per-node", "8",
            "--nodes", "1", "--fabric", "infiniband", "--gbps", "100", "--ask", "1", "--from", from, "--until", until);
        Assert.Equal(ExitCodes.Invalid, bad.ExitCode);
        Assert.Contains("400", bad.Error);
        Assert.Contains("region", bad.Error);
        Assert.Contains("gpuModel", bad.Error);
    }

    [Fact]
    public async Task Should_quote_place_and_wait_until_the_bid_is_booked_then_show_bookings_ledger_and_a_plan()
    {
        var (_, providerKey) = await NewOrganizationAsync("provider");
        var (_, tenantKey) = await NewOrganizationAsync("tenant");
        var provider = new CliRun(market, Path.Combine(_home, "p"), new Dictionary<string, string> { ["MARKET_API_KEY"] = providerKey });
        var tenant = new CliRun(market, Path.Combine(_home, "t"), new Dictionary<string, string> { ["MARKET_API_KEY"] = tenantKey });
        var from = Samples.NextHour;
        Assert.Equal(0, (await provider.RunAsync("clusters", "create", "--name", "cli-l40s", "--region", "eu-west-1", "--gpu-model", "L40S-48GB",
            "--gpus-per-node", "4", "--nodes", "2", "--fabric", "ethernet", "--gbps", "200", "--ask", "0.85",
            "--from", Samples.Iso(from), "--until", Samples.Iso(from.AddDays(10)))).ExitCode);

        string[] terms = ["--gpu-model", "L40S-48GB", "--gpus", "8", "--hours", "12", "--earliest", Samples.Iso(from), "--max-price", "1.50"];
        var quote = await Eventually.Until(() => tenant.RunAsync(["bid", "quote", .. terms, "--json"]),
            r => r.ExitCode == 0 && JsonNode.Parse(r.Out)!["fillable"]!.GetValue<bool>(), what: "a fillable quote");
        Assert.Equal(0.85m, JsonNode.Parse(quote.Out)!["pricePerGpuHour"]!.GetValue<decimal>());

        var placed = await tenant.RunAsync(["bid", "place", .. terms, "--wait"]);
        Assert.True(placed.ExitCode == 0, placed.Out + placed.Error);
        Assert.Contains("Won", placed.Out);
        Assert.Contains("Booking", placed.Out);
        Assert.Contains("total 81.6", placed.Out); // 0.85 × 8 GPUs × 12 h

        var bookings = JsonNode.Parse((await tenant.RunAsync("bookings", "--json")).Out)!;
        Assert.Single(bookings["items"]!.AsArray());
        Assert.Contains("won", (await tenant.RunAsync("bid", "list")).Out);
        // Status filters are closed sets in the document: the typed client sends them, an unknown word is refused first.
        Assert.Single(JsonNode.Parse((await tenant.RunAsync("bid", "list", "--status", "won", "--json")).Out)!["items"]!.AsArray());
        Assert.Empty(JsonNode.Parse((await tenant.RunAsync("bookings", "--status", "cancelled", "--json")).Out)!["items"]!.AsArray());
        Assert.Equal(ExitCodes.Invalid, (await tenant.RunAsync("bid", "list", "--status", "lost")).ExitCode);
        await Eventually.Until(() => tenant.RunAsync("ledger"), r => r.Out.Contains("charge"), what: "the charge in the ledger");
        var plan = JsonNode.Parse((await tenant.RunAsync("plan", "--parameters", "1e9", "--tokens", "2e10", "--gpu-model", "L40S-48GB", "--json")).Out)!;
        Assert.NotEmpty(plan["options"]!.AsArray());

        var missing = await tenant.RunAsync("bid", "cancel", Guid.NewGuid().ToString());
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
    }

    [Fact]
    public async Task Should_run_a_reconciliation_for_an_admin_and_show_its_outcome()
    {
        var admin = new CliRun(market, _home, new Dictionary<string, string> { ["MARKET_API_KEY"] = MarketplaceFixture.AdminKey });
        var run = await admin.RunAsync("recon", "run", "--from", Samples.Iso(DateTimeOffset.UtcNow.AddDays(-1)), "--to", Samples.Iso(DateTimeOffset.UtcNow.AddDays(30)), "--wait");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("completed", run.Out);
        Assert.Contains("0 discrepancies", run.Out);

        var (_, tenantKey) = await NewOrganizationAsync("tenant");
        var refused = await new CliRun(market, _home, new Dictionary<string, string> { ["MARKET_API_KEY"] = tenantKey }).RunAsync("recon", "run");
        Assert.Equal(ExitCodes.NotAllowed, refused.ExitCode);
    }

    private async Task<(Guid Id, string ApiKey)> NewOrganizationAsync(string role)
    {
        var created = await market.Admin().PostAsync<MarketplaceFixture.OrganizationCreated>("/v1/organizations",
            new { name = $"cli-{role}-{Guid.NewGuid():N}"[..20], role });
        return (created.Id, created.ApiKey);
    }
}
