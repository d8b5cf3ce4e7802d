using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Marketplace.Testing;

/// <summary>A RabbitMQ virtual host of its own (via the management API), so a test class's queues and exchanges are invisible to every other.</summary>
public sealed class RabbitVirtualHost(string name) : IAsyncDisposable
{
    private static readonly HttpClient Management = CreateClient();

    public string Name { get; } = name;

    public static async Task<RabbitVirtualHost> CreateAsync(string name)
    {
        var encoded = Uri.EscapeDataString(name);
        (await Management.PutAsync($"api/vhosts/{encoded}", null)).EnsureSuccessStatusCode();
        var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await Management.PutAsync($"api/permissions/{encoded}/{Uri.EscapeDataString(TestEnvironment.RabbitUser)}", permissions)).EnsureSuccessStatusCode();
        return new RabbitVirtualHost(name);
    }

    /// <summary>Messages in a queue of the virtual host; 0 when the queue was never declared (an _error queue appears on the first fault).</summary>
    public static async Task<long> MessagesInAsync(string virtualHost, string queue)
    {
        using var response = await Management.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return 0;
        response.EnsureSuccessStatusCode();
        var queueInfo = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return queueInfo["messages"]?.GetValue<long>() ?? 0;
    }

    /// <summary>A queue's type ("quorum", "classic"), or null when it does not exist.</summary>
    public static async Task<string?> QueueTypeAsync(string virtualHost, string queue)
    {
        using var response = await Management.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]?.GetValue<string>();
    }

    /// <summary>Declares a durable queue of the given type, as an earlier version of a service would have.</summary>
    public static async Task DeclareQueueAsync(string virtualHost, string queue, string type)
    {
        var body = new StringContent($$$"""{"durable":true,"auto_delete":false,"arguments":{"x-queue-type":"{{{type}}}"}}""", Encoding.UTF8, "application/json");
        (await Management.PutAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", body)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try { await Management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}"); }
        catch (HttpRequestException) { /* best effort: a leftover vhost harms nothing */ }
    }

    private static HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{TestEnvironment.RabbitHost}:{TestEnvironment.RabbitManagementPort}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RabbitUser}:{TestEnvironment.RabbitPassword}")));
        return client;
    }
}

/// <summary>Drops the databases a test class created (the services create their own at start-up).</summary>
public static class TestDatabases
{
    public static async Task DropAsync(IEnumerable<string> names)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString("postgres"));
        await connection.OpenAsync();
        foreach (var name in names.Distinct())
        {
            // Best effort, twice: a database still being created or dropped by a stopping host can refuse once.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException) when (attempt == 0) { await Task.Delay(200); }
                catch (PostgresException) { /* a leftover test database harms nothing; the next run's names differ */ }
            }
        }
    }
}
