using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Hosting.Security;

/// <summary>
/// Section "Bus": the key every service shares to sign and verify the caller of a request (see CallerSignature).
/// Outside Development and Testing a service refuses to start without a real key, so a deployment can never run
/// with the published development default.
/// </summary>
public sealed class CallerSigningOptions
{
    public const string Section = "Bus";
    public const string KeySetting = "Bus:CallerSigningKey";
    public const int MinimumKeyLength = 32;

    /// <summary>Documented in docs/security.md; good for Development and Testing only.</summary>
    public const string DevelopmentKey = "marketplace-development-caller-signing-key-not-secret";

    public string CallerSigningKey { get; set; } = "";

    /// <summary>The key to use in this environment; throws with the fix in the message when the key is unfit.</summary>
    public static string ResolveKey(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration[KeySetting];
        var lenient = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        if (lenient) return string.IsNullOrEmpty(key) ? DevelopmentKey : key;

        var problem = string.IsNullOrEmpty(key) ? "is not set"
            : key == DevelopmentKey ? "is the published development default"
            : key.Length < MinimumKeyLength ? $"is shorter than {MinimumKeyLength} characters"
            : null;
        if (problem is not null)
            throw new InvalidOperationException(
                $"{KeySetting} {problem}. In the {environment.EnvironmentName} environment every service needs the same secret " +
                $"of at least {MinimumKeyLength} characters (environment variable Bus__CallerSigningKey); " +
                "generate one with: openssl rand -base64 48");
        return key!;
    }
}
