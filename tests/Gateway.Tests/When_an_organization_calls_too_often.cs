using System.Net;
using System.Text;
using Marketplace.Testing;
using Xunit;

namespace Gateway.Tests;

/// <summary>A gateway that lets each organization make 5 requests, then one every 100 s.</summary>
public sealed class StrictOrganizationGateway : OneGateway
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Gateway:RateLimitBurst"] = "5",
        ["Gateway:RateLimitPerSecond"] = "0.01",
    };
}

/// <summary>Issue 10 point 3: the organization's budget is one, however its key is spelled; oversized headers never reach a lookup.</summary>
public sealed class When_an_organization_calls_too_often(StrictOrganizationGateway gateway) : IClassFixture<StrictOrganizationGateway>
{
    [Fact]
    public async Task Should_count_every_spelling_of_a_key_against_one_organization()
    {
        var tenant = await gateway.NewOrganizationAsync("tenant");
        var key = tenant.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var http = gateway.Client(null).Http;
        var answers = new List<(string Spelling, HttpStatusCode Status)>();
        for (var i = 0; i < 12; i++)
        {
            var spelling = i % 2 == 0 ? $"Bearer {key}" : $"bearer  {key}";
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            request.Headers.TryAddWithoutValidation("Authorization", spelling);
            answers.Add((spelling[..6], (await http.SendAsync(request)).StatusCode));
        }

        // One bucket of 5 (a refill is due only every 100 s); two buckets would have let 10 through.
        Assert.InRange(answers.Count(a => a.Status == HttpStatusCode.OK), 5, 6);
        Assert.Contains(answers, a => a.Spelling == "Bearer" && a.Status == HttpStatusCode.TooManyRequests);
        Assert.Contains(answers, a => a.Spelling == "bearer" && a.Status == HttpStatusCode.TooManyRequests);
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    [Fact]
    public async Task Should_answer_431_to_an_authorization_header_over_512_bytes()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('k', 593));
        Assert.Equal(600, Encoding.UTF8.GetByteCount(request.Headers.GetValues("Authorization").Single()));

        var response = await gateway.Client(null).Http.SendAsync(request);

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Contains("512", problem["detail"]!.GetValue<string>());
    }
}
