using Dapper;
using Marketplace.Testing;
using Npgsql;
using Xunit;

namespace Marketplace.Notifications.Tests;

/// <summary>
/// The whole marketplace, shared by the notifications test classes (they run one at a time), with webhook retries in
/// fractions of a second instead of seconds, a one-second attempt timeout, and 127.0.0.1 (not localhost) allowed as a
/// webhook host, so the tests' receivers on loopback are reached and localhost shows what a host not allowed gets.
/// </summary>
public sealed class NotificationsMarket : MarketplaceFixture
{
    public const int MaxWebhooks = 3;

    protected override IDictionary<string, string?> Settings(string service)
    {
        var settings = base.Settings(service);
        settings.Remove("Notifications:AllowedWebhookHosts:1");
        settings["Notifications:AllowedWebhookHosts:0"] = "127.0.0.1";
        settings["Notifications:RetryBaseDelay"] = "00:00:00.200";
        settings["Notifications:RetryMaxDelay"] = "00:00:00.400";
        settings["Notifications:AttemptTimeout"] = "00:00:01";
        settings["Notifications:DeliveryPollInterval"] = "00:00:00.100";
        settings["Notifications:MaxWebhooksPerOrganization"] = MaxWebhooks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Settlement:ReconciliationGrace"] = "00:00:00";
        settings["Settlement:ReconciliationPollInterval"] = "00:00:00.200";
        return settings;
    }

    public async Task<T> ScalarAsync<T>(string service, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(DatabaseOf(service)));
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("no value");
    }

    public async Task<int> ExecuteAsync(string service, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(DatabaseOf(service)));
        return await connection.ExecuteAsync(sql, parameters);
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsMarket>
{
    public const string Name = "notifications";
}
