using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Testing;

/// <summary>
/// One real service (its real Program) in this process, on its own database and the test class's virtual host.
/// <typeparamref name="TEntry"/> is any type of the service's assembly.
/// </summary>
public sealed class ServiceHost<TEntry>(string projectFolder, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TEntry>
    where TEntry : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(TestEnvironment.RepositoryRoot, "services", projectFolder));
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestClientAddress>());
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return base.CreateHost(builder);
    }

    /// <summary>Waits until /health/ready is green: migrations ran and the bus is connected.</summary>
    public Task WaitReadyAsync() => Eventually.True(async () =>
        (await CreateClient().GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), $"{projectFolder} ready");
}
