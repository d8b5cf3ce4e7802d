using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Marketplace.Testing;

/// <summary>
/// In-process requests (TestServer) come from no address at all. A test names one with this header, and the service sees
/// the request as coming from there: the first thing in its pipeline, before the gateway's edge and the /metrics rule.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.Remove(Header, out var value) && IPAddress.TryParse(value, out var address))
                context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>Reading a service's /metrics the way Prometheus does.</summary>
public static class Scrape
{
    public const string Loopback = "127.0.0.1";
    /// <summary>An address from a documentation range (TEST-NET-3): someone on the internet.</summary>
    public const string Internet = "203.0.113.9";

    /// <summary>GET /metrics as a caller at <paramref name="address"/> (null: as the client connects).</summary>
    public static Task<HttpResponseMessage> FromAsync(HttpClient http, string? address, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (address is not null) request.Headers.Add(TestClientAddress.Header, address);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return http.SendAsync(request);
    }

    /// <summary>
    /// Scrapes as a caller on this machine until a sample of every metric named shows up (a metric appears once something
    /// recorded it, and the exporter caches a scrape for 300 ms); each answer must be Prometheus text. Returns the last.
    /// </summary>
    public static Task<string> UntilShownAsync(HttpClient http, params string[] metrics) => UntilShownFromAsync(http, Loopback, metrics);

    /// <summary>As <see cref="UntilShownAsync"/>, as a caller at <paramref name="address"/> (null: as the client connects).</summary>
    public static Task<string> UntilShownFromAsync(HttpClient http, string? address, params string[] metrics) =>
        Eventually.Until(async () =>
        {
            var response = await FromAsync(http, address);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {body}");
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            return body;
        }, body => metrics.All(m => Samples(body, m).Any()), TimeSpan.FromSeconds(30), "metrics shown: " + string.Join(", ", metrics));

    /// <summary>The sample lines of one metric (name, labels, value), without the # HELP and # TYPE lines.</summary>
    public static IEnumerable<string> Samples(string body, string metric) =>
        body.Split('\n').Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal));

    /// <summary>The value of the first sample of <paramref name="metric"/> whose line contains <paramref name="labels"/>.</summary>
    public static double Value(string body, string metric, string labels = "")
    {
        var line = Samples(body, metric).FirstOrDefault(l => l.Contains(labels, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no sample of {metric} with {labels}");
        var value = line[(line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : metric.Length)..].Trim().Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }
}
