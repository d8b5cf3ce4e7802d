using System.Diagnostics;

namespace Marketplace.Chaos;

/// <summary>
/// A whole run: set up a market, start the load, inject the faults in turn while it runs, stop the load, answer every
/// key, let the market settle, then check the invariants and measure how each fault was lived through.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, TextWriter progress)
{
    private static readonly TimeSpan QuietBetweenFaults = TimeSpan.FromSeconds(5);

    public async Task<ChaosReport> RunAsync()
    {
        var processes = new ServiceProcesses(options);
        await using var infrastructure = new Infrastructure(options);
        var rotation = new GatewayRotation(processes.Url("gateway"));
        if (options.Infrastructure == InfrastructureFaults.Proxy)
        {
            // The services must reach the broker and the database through this run's proxies: start a system of its own.
            Say("starting every service behind the proxies");
            var own = options with { ServiceEnvironment = new Dictionary<string, string>(options.ServiceEnvironment.Concat(infrastructure.ServiceSettings)) };
            processes = new ServiceProcesses(own);
            foreach (var service in Enumerable.Reverse(ServiceProcesses.Services)) await processes.StartAsync(service);
        }
        try
        {
            return await RunAgainstAsync(processes, infrastructure, rotation);
        }
        finally
        {
            if (options.Infrastructure == InfrastructureFaults.Proxy) await processes.StopAllAsync();
        }
    }

    private async Task<ChaosReport> RunAgainstAsync(ServiceProcesses processes, Infrastructure infrastructure, GatewayRotation rotation)
    {
        var clock = Stopwatch.StartNew();

        Say("setting up a market of 40 clusters and {0} tenants", options.Tenants);
        var market = await MarketSetup.CreateAsync(processes.Url("gateway"), options.AdminKey, options.Tenants);
        var load = new LoadDriver(options, market, () => rotation.Current);
        using var stopLoad = new CancellationTokenSource();
        var loadDone = load.RunAsync(stopLoad.Token);
        Say("load: {0} bids/s, a key per bid, retried for up to {1:0} s", options.BidsPerSecond, options.RetryFor.TotalSeconds);
        var outages = new OutageDriver(options, market, () => rotation.Current);
        var outagesDone = outages.RunAsync(stopLoad.Token);
        Say("outages: a node fails every {0:0} s", options.OutageEvery.TotalSeconds);

        var windows = new List<FaultWindow>();
        var failed = new List<string>();
        var faults = new Faults(options, processes, infrastructure, rotation);
        foreach (var fault in faults.Schedule())
        {
            // Each fault is measured on its own: the next starts once the last one's recovery (a 201) was seen.
            if (windows.Count > 0) await load.WaitForCreatedAfterAsync(windows[^1].Back, TimeSpan.FromMinutes(2));
            await Task.Delay(QuietBetweenFaults);
            Say("fault: {0}", fault.Name);
            try
            {
                var window = await fault.InjectAsync();
                Say("  back after {0:0.0} s", (window.Back - window.Started).TotalSeconds);
                windows.Add(window);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                // The run goes on (the load must still be answered and checked); the system is put back as it was.
                Say("  could not be injected: {0}", ex.Message);
                failed.Add($"{fault.Name}: {ex.Message}");
                await RestoreAsync(processes, rotation);
            }
        }
        var remaining = options.Duration - clock.Elapsed;
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
        await Task.Delay(QuietBetweenFaults); // the last fault's recovery is measured on load that still arrives
        stopLoad.Cancel();
        Say("load stopped after {0:0} s; waiting for the keys in flight", clock.Elapsed.TotalSeconds);
        await loadDone;
        await outagesDone;

        Say("answering every key that never got its 201");
        await load.AnswerEveryKeyAsync(TimeSpan.FromMinutes(3));
        Say("waiting for the market to settle");
        var invariants = new Invariants(options, market, load, outages);
        var settled = await invariants.WaitSettledAsync(TimeSpan.FromMinutes(3));
        Say("checking the invariants");
        var checks = await invariants.CheckAsync(rotation.Current[0]);
        checks.Insert(0, new Check("market settled (no open bid, no booking mid-workflow, every booking charged)", "yes", settled ? "yes" : "no", settled));
        checks.Insert(0, new Check("faults injected as scheduled", "all", failed.Count == 0 ? "all" : string.Join("; ", failed), failed.Count == 0));
        return new ChaosReport(options, load.Keys.Values.ToList(), load.Attempts.ToList(), windows, checks, clock.Elapsed);
    }

    /// <summary>After a fault that could not finish: instance 1 of every service up, no replica left, the rotation on instance 1.</summary>
    private async Task RestoreAsync(ServiceProcesses processes, GatewayRotation rotation)
    {
        foreach (var service in Enumerable.Reverse(ServiceProcesses.Services))
        {
            try
            {
                if (processes.Pid(service) is null) await processes.StartAsync(service, 1, TimeSpan.FromMinutes(5));
                else await processes.WaitReadyAsync(service, 1, TimeSpan.FromMinutes(5));
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException) { Say("  {0} did not come back: {1}", service, ex.Message); }
        }
        rotation.Add(processes.Url("gateway"));
        rotation.Remove(processes.Url("gateway", 2));
        foreach (var service in ServiceProcesses.Services)
            if (processes.Pid(service, 2) is not null) await processes.TerminateAsync(service, 2);
    }

    private void Say(string format, params object[] args)
    {
        var line = $"[{DateTime.UtcNow:HH:mm:ss}] " + string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        progress.WriteLine(line);
        Directory.CreateDirectory(options.RunDirectory);
        File.AppendAllText(Path.Combine(options.RunDirectory, "chaos.log"), line + Environment.NewLine);
    }
}
