using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Marketplace.Client;

/// <summary>
/// A <see cref="MarketplaceClient"/> for one gateway and API key. Kiota's default middleware is kept: its retry handler
/// retries 429 and 503 after the answer's Retry-After (a few times, then the error surfaces), which is safe for creating
/// POSTs because each carries an Idempotency-Key (<see cref="IdempotencyKeys"/>).
/// </summary>
public static class MarketplaceConnection
{
    public static MarketplaceClient Create(Uri baseUrl, string apiKey, HttpMessageHandler? transport = null)
    {
        var handlers = KiotaClientFactory.CreateDefaultHandlers();
        var first = KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport ?? KiotaClientFactory.GetDefaultHttpMessageHandler(), handlers.ToArray());
        var http = new HttpClient(first!) { Timeout = TimeSpan.FromSeconds(100) };
        var adapter = new HttpClientRequestAdapter(new ApiKeyAuthentication(apiKey), httpClient: http) { BaseUrl = baseUrl.ToString().TrimEnd('/') };
        return new MarketplaceClient(adapter);
    }

    /// <summary>"Authorization: Bearer &lt;key&gt;" on every request (the key is an organization's API key, not an OAuth token).</summary>
    private sealed class ApiKeyAuthentication(string apiKey) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            request.Headers.TryAdd("Authorization", $"Bearer {apiKey}");
            return Task.CompletedTask;
        }
    }
}
