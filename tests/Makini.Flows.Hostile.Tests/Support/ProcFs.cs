using System.Globalization;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>What Linux's /proc says of the server and its script hosts.</summary>
public static class ProcFs
{
    private const string ScriptHostAssembly = "Makini.Flows.ScriptHost.dll";

    /// <summary>Clock ticks per second of <c>/proc/[pid]/stat</c> times (USER_HZ, 100 on Linux).</summary>
    public const int TicksPerSecond = 100;

    /// <summary>Resident memory (VmRSS) in bytes.</summary>
    public static long ResidentBytes(int pid) =>
        long.Parse(
            StatusField(pid, "VmRSS:").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0],
            CultureInfo.InvariantCulture
        ) * 1024;

    /// <summary>Whether the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            return !StatusField(pid, "State:").StartsWith('Z');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The files mapped into the process (its loaded assemblies among them).</summary>
    public static string[] MappedFiles(int pid) => File.ReadAllLines($"/proc/{pid}/maps");

    /// <summary>Script-host processes whose parent chain leads to the server.</summary>
    public static List<int> ScriptHostsOf(int serverPid)
    {
        var hosts = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
            if (
                int.TryParse(Path.GetFileName(directory), out var pid)
                && pid != serverPid
                && CommandLine(pid).Contains(ScriptHostAssembly, StringComparison.Ordinal)
                && DescendsFrom(pid, serverPid)
                && IsAlive(pid)
            )
                hosts.Add(pid);
        return hosts;
    }

    /// <summary>User plus system CPU time the process has used, in clock ticks; 0 once it is gone.</summary>
    public static long CpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces: state is field 3,
            // utime field 14 and stime field 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture)
                + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>CPU ticks each process used during <paramref name="window"/>.</summary>
    public static async Task<Dictionary<int, long>> CpuTicksDuringAsync(
        IReadOnlyList<int> pids,
        TimeSpan window
    )
    {
        var before = pids.ToDictionary(pid => pid, CpuTicks);
        await Task.Delay(window, TestContext.Current.CancellationToken);
        return pids.ToDictionary(pid => pid, pid => Math.Max(0, CpuTicks(pid) - before[pid]));
    }

    private static bool DescendsFrom(int pid, int ancestor)
    {
        for (var current = pid; current > 1; current = ParentOf(current))
            if (current == ancestor)
                return true;
        return false;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            return int.Parse(StatusField(pid, "PPid:"), CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string StatusField(int pid, string name) =>
        File.ReadLines($"/proc/{pid}/status")
            .First(line => line.StartsWith(name, StringComparison.Ordinal))[name.Length..]
            .Trim();
}
