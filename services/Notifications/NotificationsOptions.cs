using Marketplace.Notifications.Deliveries;
using Marketplace.Notifications.Webhooks;

namespace Marketplace.Notifications;

public sealed class NotificationsOptions
{
    public const string Section = "Notifications";
    /// <summary>
    /// Hosts (names or IP literals, compared case-insensitively) a webhook may point to over plain http and whose
    /// addresses may be private, loopback or link-local. Empty in production: every webhook is https to a public address.
    /// The local setup and the tests allow 127.0.0.1 and localhost.
    /// </summary>
    public List<string> AllowedWebhookHosts { get; set; } = [];
    /// <summary>An organization's webhooks at most (422 beyond, docs/security.md "Quotas").</summary>
    public int MaxWebhooksPerOrganization { get; set; } = 20;
    /// <summary>How often the delivery worker looks for due deliveries when nothing woke it (retries, another instance's rows).</summary>
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>One POST may take this long (connect, send, response headers).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>The first retry comes 50–100% of this after a failed attempt; each later one waits twice as long, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>A delivery still failing this long after its first attempt is given up (failed).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);
    /// <summary>A webhook body larger than this is not sent (the delivery fails at once, saying why).</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
    /// <summary>Deliveries claimed and sent side by side in one pass.</summary>
    public int DeliveryBatchSize { get; set; } = 16;
    /// <summary>A delivery left 'delivering' this long (its instance crashed mid-POST) is due again.</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(1);
}

public static class NotificationsSetup
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationsOptions>().Bind(builder.Configuration.GetSection(NotificationsOptions.Section))
            .Validate(o => o.MaxWebhooksPerOrganization > 0, "Notifications:MaxWebhooksPerOrganization must be positive")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay,
                "Notifications: AttemptTimeout and RetryBaseDelay must be positive, RetryMaxDelay at least RetryBaseDelay")
            .Validate(o => o.DeliveryLease > o.AttemptTimeout, "Notifications:DeliveryLease must be longer than AttemptTimeout")
            .Validate(o => o.MaxBodyBytes > 0 && o.DeliveryBatchSize > 0, "Notifications: MaxBodyBytes and DeliveryBatchSize must be positive")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<WebhookAddresses>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<DeliveryWorker>();
        return builder;
    }
}
