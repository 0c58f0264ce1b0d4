using System.Diagnostics;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// A process and its descendants (a server and its script hosts), read from <c>/proc</c>: their CPU time, their
/// resident memory now and at its peak, and pinning them to cores.
/// </summary>
internal static class ProcessTree
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Cpu(int root) =>
        TimeSpan.FromSeconds(
            Members(root).Sum(pid => Stat(pid) is { } f ? f[11] + f[12] : 0) / TicksPerSecond
        );

    /// <summary>Resident memory of the root process alone, now and its peak (VmRSS, VmHWM), in MB.</summary>
    public static (double Now, double Peak) ResidentMb(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double Read(string field) =>
            long.Parse(
                status
                    .First(l => l.StartsWith(field, StringComparison.Ordinal))[(field.Length + 1)..]
                    .Trim()
                    .Split(' ')[0]
            ) / 1024.0;
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    /// <summary>Pins every thread of the process and of its descendants to the cores (a taskset list, e.g. <c>0</c>).</summary>
    public static void Pin(int root, string cores)
    {
        foreach (var pid in Members(root))
        {
            using var taskset = Process.Start(
                new ProcessStartInfo("taskset", ["-a", "-p", "-c", cores, pid.ToString()])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                }
            )!;
            taskset.WaitForExit();
        }
    }

    private static List<int> Members(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(folder), out var pid) && Stat(pid) is { } fields)
                parents[pid] = (int)fields[1];
        var members = new List<int> { root };
        for (var i = 0; i < members.Count; i++)
            members.AddRange(parents.Where(p => p.Value == members[i]).Select(p => p.Key));
        return members;
    }

    /// <summary>
    /// The numeric fields of <c>/proc/{pid}/stat</c> after the command name, so that index 1 is the parent
    /// (field 4 of proc(5)) and 11 to 14 are utime, stime, cutime, cstime (fields 14 to 17); null once it ended.
    /// </summary>
    public static long[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..]
                .Split(' ')
                .Select(field => long.TryParse(field, out var value) ? value : 0)
                .ToArray();
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }
}
