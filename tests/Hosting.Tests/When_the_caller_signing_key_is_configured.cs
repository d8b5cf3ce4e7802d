using Marketplace.Contracts;
using Marketplace.Hosting.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Hosting.Tests;

/// <summary>Issue 10, point 2: outside Development and Testing no service runs with a missing, default or short key.</summary>
public sealed class When_the_caller_signing_key_is_configured
{
    private const string GoodKey = "a-real-production-secret-of-more-than-32-chars";

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData(CallerSigningOptions.DevelopmentKey, "development default")]
    [InlineData("short-key", "shorter than 32")]
    public void Should_refuse_to_start_in_production_without_a_real_key(string? key, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CallerSigningOptions.ResolveKey(Config(key), new Env("Production")));
        Assert.Contains(reason, error.Message);
        Assert.Contains("Bus__CallerSigningKey", error.Message);
    }

    [Fact]
    public void Should_take_a_long_enough_key_in_production()
    {
        Assert.Equal(GoodKey, CallerSigningOptions.ResolveKey(Config(GoodKey), new Env("Production")));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Should_fall_back_to_the_development_key_in_development_and_testing(string environment)
    {
        Assert.Equal(CallerSigningOptions.DevelopmentKey, CallerSigningOptions.ResolveKey(Config(null), new Env(environment)));
    }

    [Fact]
    public void Should_verify_only_the_caller_and_message_id_it_signed_with_its_own_key()
    {
        var signer = new CallerSignature(GoodKey);
        var caller = new Caller(Guid.NewGuid(), "tenant");
        var id = Guid.NewGuid();
        var signature = signer.Sign(caller, id);

        Assert.True(signer.Verify(caller, id, signature));
        Assert.False(signer.Verify(caller, Guid.NewGuid(), signature));
        Assert.False(signer.Verify(caller with { Role = "admin" }, id, signature));
        Assert.False(signer.Verify(caller with { OrganizationId = Guid.NewGuid() }, id, signature));
        Assert.False(new CallerSignature(GoodKey + "x").Verify(caller, id, signature));
        Assert.False(signer.Verify(caller, id, null));
        Assert.False(signer.Verify(caller, id, "zz" + signature[2..]));
    }

    private static IConfiguration Config(string? key) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [CallerSigningOptions.KeySetting] = key }).Build();

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
