using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Notifications.Tests;

/// <summary>
/// A webhook receiver on 127.0.0.1 (a port of its own): records every request and answers with what
/// <c>answer</c> says for the n-th request (1-based), after an optional delay.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Url { get; private set; } = "";

    public sealed record Received(string Body, string? Signature, string? ContentType);

    private Receiver(WebApplication app) => _app = app;

    public static async Task<Receiver> StartAsync(Func<int, (int Status, TimeSpan Delay)> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        var count = 0;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue(new Received(body, http.Request.Headers["Marketplace-Signature"].ToString(), http.Request.ContentType));
            var (status, delay) = answer(Interlocked.Increment(ref count));
            if (delay > TimeSpan.Zero)
            {
                try { await Task.Delay(delay, http.RequestAborted); } catch (OperationCanceledException) { return; }
            }
            http.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address.TrimEnd('/')}/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
