using Marketplace.Testing;

namespace Allocation.Tests;

internal static class MarketScenarios
{
    public static Task<BidDto> WonAsync(ApiClient tenant, Guid bidId) =>
        Eventually.Until(() => tenant.GetAsync<BidDto>($"/v1/bids/{bidId}"), b => b.Status == "won", what: $"bid {bidId} won");

    /// <summary>Waits until the market has had a chance to place the bid: a round recorded a decision for it.</summary>
    public static Task<string> LastDecisionAsync(MarketplaceFixture market, Guid bidId) =>
        Eventually.Until(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("allocation")));
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "select reason from round_decisions where bid_id = @bid order by round_id desc limit 1", connection);
            command.Parameters.AddWithValue("bid", bidId);
            return (string?)await command.ExecuteScalarAsync() ?? "";
        }, reason => reason.Length > 0, what: $"a round decided about bid {bidId}");
}
