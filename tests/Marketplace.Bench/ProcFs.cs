using System.Globalization;
using System.Runtime.InteropServices;

namespace Marketplace.Bench;

/// <summary>
/// CPU time and memory of processes, read from /proc as ps and top do (Linux only). Everything the benchmark
/// measures about processes goes through here.
/// </summary>
public static class ProcFs
{
    /// <summary>The unit of the times in /proc/&lt;pid&gt;/stat (USER_HZ, `getconf CLK_TCK`, 100 on Linux x86).</summary>
    public static readonly long TicksPerSecond = ClockTicks();

    /// <summary>
    /// One line of /proc/&lt;pid&gt;/stat, the fields used: utime and stime are the process's own CPU ticks; cutime and
    /// cstime those of its children that exited and were waited for (so a short-lived PostgreSQL backend's time is not lost).
    /// </summary>
    public readonly record struct Stat(int Pid, int ParentPid, string Comm, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks)
    {
        public long AllTicks => UserTicks + SystemTicks + ChildUserTicks + ChildSystemTicks;
    }

    public static Stat? ReadStat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; } // it exited meanwhile
        // comm is in parentheses and may itself hold spaces or ')': it ends at the last ')'.
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 of proc(5) (state): ppid is field 4, utime..cstime are fields 14..17.
        long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        return new Stat(pid, (int)Field(4), text[(open + 1)..close], Field(14), Field(15), Field(16), Field(17));
    }

    /// <summary>Every process visible now.</summary>
    public static IReadOnlyList<Stat> All()
    {
        var all = new List<Stat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } stat) all.Add(stat);
        return all;
    }

    /// <summary>
    /// CPU ticks of a process tree: all four times of the root and of every live descendant. A child that exits is
    /// waited for by its parent, whose cutime/cstime then hold its whole time, so the sum only ever grows and the
    /// difference of two samples is the tree's CPU time in between, however many children came and went.
    /// </summary>
    public static long TreeTicks(int root, IReadOnlyList<Stat> all)
    {
        var children = all.ToLookup(s => s.ParentPid);
        var byPid = all.ToDictionary(s => s.Pid);
        if (!byPid.TryGetValue(root, out var rootStat)) return 0;
        long total = 0;
        var stack = new Stack<Stat>([rootStat]);
        while (stack.TryPop(out var s))
        {
            total += s.AllTicks;
            foreach (var child in children[s.Pid]) stack.Push(child);
        }
        return total;
    }

    /// <summary>The command line as ps shows it (PostgreSQL backends put "user database client state" there), or "".</summary>
    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Resident memory (VmRSS) in bytes, or null when the process is gone.</summary>
    public static long? RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }

    private static long ClockTicks()
    {
        try { return sysconf(ScClockTicks) is > 0 and var ticks ? ticks : 100; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return 100; }
    }

    private const int ScClockTicks = 2; // _SC_CLK_TCK in glibc and musl

    [DllImport("libc", SetLastError = true)]
    private static extern long sysconf(int name);
}
