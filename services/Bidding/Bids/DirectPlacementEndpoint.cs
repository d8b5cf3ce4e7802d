using System.Text.Json;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Messaging;
using Marketplace.Hosting.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Marketplace.Bidding.Bids;

/// <summary>
/// A gateway's batch of placements sent straight to this instance over HTTP (docs/decisions/0016): the same
/// <see cref="PlaceBids"/> the broker carries, answered by the same <see cref="PlacementDesk"/>, without the two broker
/// hops of a request and its answer. The body must be signed with the services' key (<see cref="CallerSignature.SignBody"/>):
/// anything else is 401 and changes nothing.
/// <para>
/// Only an answer (200) or data the database cannot store (400) is final. Anything else (503) tells the gateway to send
/// the batch through the broker, where the consumer's retries apply; that is safe because each placement carries its
/// bid id and key, so one placed here is answered as placed, not placed twice.
/// </para>
/// </summary>
public static class DirectPlacementEndpoint
{
    /// <summary>128 placements of a few hundred bytes each fit many times over.</summary>
    private const long MaxBodyBytes = 1 << 20;

    public static WebApplication MapDirectPlacements(this WebApplication app)
    {
        app.MapPost(PlaceBids.DirectPath, PlaceAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> PlaceAsync(HttpContext http, PlacementDesk desk, CallerSignature signature, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(DirectPlacementEndpoint));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            return Answer(new Problem(e.StatusCode, "Bad Request", "The batch could not be read.", null));
        }
        // Kestrel enforces the limit while reading; this is for a server that does not.
        if (body.LongLength > MaxBodyBytes) return Answer(new Problem(413, "Payload Too Large", "A batch of placements is at most 1 MiB.", null));

        if (!signature.VerifyBody(body, http.Request.Headers[CallerSignature.BodyHeader]))
        {
            logger.LogWarning("Refused a direct placement batch from {Remote}: its body is {Why}", http.Connection.RemoteIpAddress,
                http.Request.Headers.ContainsKey(CallerSignature.BodyHeader) ? "not signed by the gateway's key" : "not signed");
            return Answer(new Problem(401, "Unauthorized", "The batch is not signed by the gateway.", null));
        }

        PlaceBids? batch;
        try { batch = JsonSerializer.Deserialize<PlaceBids>(body, MessageTypes.Json); }
        catch (JsonException) { batch = null; }
        if (batch?.Items is not { Count: > 0 } items || items.Any(i => i?.Caller is null))
            return Answer(new Problem(400, "Bad Request", "The body is not a batch of placements.", null));

        try
        {
            return Results.Json(new PlaceBidsAnswered(await desk.PlaceAllAsync(items)), MessageTypes.Json);
        }
        catch (Exception e) when (DataErrors.AsProblem(e) is { } cannotBeStored)
        {
            return Answer(cannotBeStored);
        }
        catch (Exception e)
        {
            // Every placement of the batch failed (the database away, a conflict lost): nothing was placed. The
            // broker's way retries it, and answers the client as it would have answered the batch sent there.
            logger.LogWarning("A direct placement batch of {Count} failed, to be sent through the broker: {Error}", items.Count, e.GetBaseException().Message);
            return Answer(new Problem(503, "Service Unavailable", "The batch could not be placed just now; nothing was changed.", null));
        }
    }

    private static IResult Answer(Problem problem) => Results.Json(problem, MessageTypes.Json, "application/problem+json", problem.Status);
}
