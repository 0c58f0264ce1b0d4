using System.Diagnostics;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// CPU time used so far by the server processes, by the PostgreSQL cluster (the postmaster, its live backends and
/// those it has reaped) and by the whole machine, read from <c>/proc</c>. Differences of two readings give the
/// CPU a measurement window cost.
/// </summary>
internal sealed record ProcessCpu(TimeSpan Servers, TimeSpan? Postgres, TimeSpan MachineBusy)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessCpu Read(IEnumerable<ServerProcess> servers, int? postmaster) =>
        new(
            servers.Aggregate(
                TimeSpan.Zero,
                (sum, server) => sum + Process.GetProcessById(server.ProcessId).TotalProcessorTime
            ),
            postmaster is { } pid ? ClusterCpu(pid) : null,
            MachineBusyCpu()
        );

    public static ProcessCpu operator -(ProcessCpu after, ProcessCpu before) =>
        new(
            after.Servers - before.Servers,
            after.Postgres - before.Postgres,
            after.MachineBusy - before.MachineBusy
        );

    /// <summary>The postmaster's process id, from <c>postmaster.pid</c> in the data directory; null if unreadable.</summary>
    public static async Task<int?> PostmasterAsync(string connectionString)
    {
        try
        {
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW data_directory", db);
            var folder = (string)(await show.ExecuteScalarAsync())!;
            return int.Parse(File.ReadLines(Path.Combine(folder, "postmaster.pid")).First());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TimeSpan ClusterCpu(int postmaster)
    {
        var fields = ProcessTree.Stat(postmaster)!;
        // utime + stime of the postmaster, cutime + cstime of the backends it has already reaped.
        var ticks = fields[11] + fields[12] + fields[13] + fields[14];
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == postmaster)
                continue;
            if (ProcessTree.Stat(pid) is { } child && child[1] == postmaster)
                ticks += child[11] + child[12];
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>All CPUs' time not idle and not waiting for I/O, from the first line of <c>/proc/stat</c>.</summary>
    private static TimeSpan MachineBusyCpu()
    {
        var fields = File.ReadLines("/proc/stat")
            .First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(long.Parse)
            .ToArray();
        // user, nice, system, (idle, iowait,) irq, softirq, steal; guest time is inside user already.
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}
