using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Marketplace.Chaos;

/// <summary>
/// Starts, kills and stops service processes as deploy/local/up.sh does (the built Release dll, a pid file in the
/// run directory, a log beside it), so the system a chaos run leaves behind is the one down.sh stops.
/// Instance 1 of a service uses up.sh's port and pid file; instance 2 runs 100 ports above it, as a replica.
/// </summary>
public sealed class ServiceProcesses(ChaosOptions options)
{
    /// <summary>In deploy/local/env.sh's port order (SERVICE_OFFSET).</summary>
    public static readonly string[] Services = ["gateway", "inventory", "bidding", "allocation", "settlement", "notifications"];
    private static readonly HttpClient Health = new() { Timeout = TimeSpan.FromSeconds(2) };

    public int Port(string service, int instance = 1) => options.BasePort + Array.IndexOf(Services, service) + (instance - 1) * 100;

    public string Url(string service, int instance = 1) => $"http://127.0.0.1:{Port(service, instance)}";

    private string PidFile(string service, int instance) =>
        Path.Combine(options.RunDirectory, instance == 1 ? $"{service}.pid" : $"{service}-{instance}.pid");

    public int? Pid(string service, int instance = 1) =>
        File.Exists(PidFile(service, instance)) && int.TryParse(File.ReadAllText(PidFile(service, instance)).Trim(), out var pid) && IsAlive(pid)
            ? pid : null;

    /// <summary>
    /// Starts the instance with deploy/local/service.sh (one place says how a service starts, with which settings)
    /// and waits until its /health/ready is green.
    /// </summary>
    public async Task StartAsync(string service, int instance = 1, TimeSpan? timeout = null)
    {
        if (Pid(service, instance) is not null) throw new InvalidOperationException($"{service} #{instance} is already running");
        var script = Path.Combine(options.RepositoryRoot, "deploy", "local", "service.sh");
        var start = new ProcessStartInfo(script, ["start", service, instance.ToString()]) { UseShellExecute = false };
        start.Environment["MARKETPLACE_RUN_DIR"] = options.RunDirectory;
        start.Environment["MARKETPLACE_BASE_PORT"] = options.BasePort.ToString();
        if (options.DatabasePrefix != ChaosOptions.UpDatabasePrefix) start.Environment["MARKETPLACE_DATABASE_PREFIX"] = options.DatabasePrefix;
        foreach (var (key, value) in options.ServiceEnvironment) start.Environment[key] = value;
        using (var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}"))
        {
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"service.sh start {service} {instance} failed ({process.ExitCode})");
        }
        await WaitReadyAsync(service, instance, timeout ?? TimeSpan.FromMinutes(4));
    }

    public async Task WaitReadyAsync(string service, int instance, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await IsReadyAsync(service, instance))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{service} #{instance} was not ready within {timeout.TotalSeconds:0} s");
            if (Pid(service, instance) is null) throw new InvalidOperationException($"{service} #{instance} exited while starting; see its log");
            await Task.Delay(100);
        }
    }

    public async Task<bool> IsReadyAsync(string service, int instance = 1)
    {
        try { return (await Health.GetAsync($"{Url(service, instance)}/health/ready")).IsSuccessStatusCode; }
        catch (Exception) { return false; }
    }

    /// <summary>Stops every instance this run's pid files name (the proxy mode's own system, at its end).</summary>
    public async Task StopAllAsync()
    {
        foreach (var service in Services)
            foreach (var instance in new[] { 1, 2 })
                if (Pid(service, instance) is not null) await TerminateAsync(service, instance);
    }

    /// <summary>kill -9: no shutdown code runs, in-flight work is lost mid-way.</summary>
    public async Task KillAsync(string service, int instance = 1)
    {
        var pid = Pid(service, instance) ?? throw new InvalidOperationException($"{service} #{instance} is not running");
        _ = Kill(pid, 9);
        await WaitExitAsync(pid, TimeSpan.FromSeconds(10));
        File.Delete(PidFile(service, instance));
    }

    /// <summary>SIGTERM, as an orchestrator stops a pod: the service finishes what it holds, then exits.</summary>
    public async Task TerminateAsync(string service, int instance = 1)
    {
        var pid = Pid(service, instance) ?? throw new InvalidOperationException($"{service} #{instance} is not running");
        _ = Kill(pid, 15);
        if (!await WaitExitAsync(pid, TimeSpan.FromSeconds(30))) { _ = Kill(pid, 9); await WaitExitAsync(pid, TimeSpan.FromSeconds(10)); }
        File.Delete(PidFile(service, instance));
    }

    private static async Task<bool> WaitExitAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    // A zombie (exited, not yet reaped by its parent) is gone for our purposes.
    private static bool IsAlive(int pid) =>
        Kill(pid, 0) == 0 && !(File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1].StartsWith('Z'));

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
