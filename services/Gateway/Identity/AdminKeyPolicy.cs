namespace Marketplace.Gateway.Identity;

/// <summary>
/// What MARKETPLACE_ADMIN_KEY may hold in Production. The local scripts and manifests used to ship a well-known
/// default; a gateway that starts with it (or with any short or placeholder value) is open to whoever read the README.
/// </summary>
public static class AdminKeyPolicy
{
    public const string Variable = "MARKETPLACE_ADMIN_KEY";
    public const string DocumentedDefault = "mk_local_admin_change_me";
    public const int MinimumLength = 32;

    /// <summary>Why the key is not fit for Production, or null when it is.</summary>
    public static string? WhyUnfit(string key)
    {
        var value = key.Trim();
        if (value == DocumentedDefault || value.Contains("change-me", StringComparison.OrdinalIgnoreCase)
            || value.Contains("change_me", StringComparison.OrdinalIgnoreCase))
            return $"{Variable} holds a placeholder value";
        if (value.Length < MinimumLength)
            return $"{Variable} is {value.Length} characters long; it must be at least {MinimumLength}";
        return null;
    }

    /// <summary>Refuses to start a Production gateway with an unfit admin key; other environments start with any key.</summary>
    public static void EnsureFit(IHostEnvironment environment, string? key)
    {
        if (!environment.IsProduction() || string.IsNullOrWhiteSpace(key)) return;
        if (WhyUnfit(key) is { } reason)
            throw new InvalidOperationException(
                $"Refusing to start in Production: {reason}. Set it to a long random secret, for instance " +
                "\"mk_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')\"; the previous seeded admin key is revoked at start-up.");
    }
}
