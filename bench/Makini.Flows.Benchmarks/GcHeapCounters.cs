using System.Diagnostics;
using System.Globalization;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The server's GC heap over a measurement, read by <c>dotnet-counters collect</c> (the global tool, when installed:
/// <c>dotnet tool install -g dotnet-counters</c>) into a CSV file, once a second. Without the tool there are no
/// figures, and the bench says so.
/// </summary>
internal sealed class GcHeapCounters : IAsyncDisposable
{
    private readonly Process? _collector;
    private readonly string _file;

    private GcHeapCounters(Process? collector, string file)
    {
        _collector = collector;
        _file = file;
    }

    public static GcHeapCounters Start(int pid)
    {
        var tool = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".dotnet",
            "tools",
            "dotnet-counters"
        );
        var file = Path.Combine(
            Path.GetTempPath(),
            $"makini-gc-{pid}-{Environment.TickCount64}.csv"
        );
        if (!File.Exists(tool))
            return new GcHeapCounters(null, file);
        var start = new ProcessStartInfo(
            tool,
            [
                "collect",
                "--process-id",
                pid.ToString(CultureInfo.InvariantCulture),
                "--counters",
                "System.Runtime",
                "--refresh-interval",
                "1",
                "--format",
                "csv",
                "--output",
                file,
            ]
        )
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var collector = Process.Start(start)!;
        collector.OutputDataReceived += (_, _) => { };
        collector.ErrorDataReceived += (_, _) => { };
        collector.BeginOutputReadLine();
        collector.BeginErrorReadLine();
        return new GcHeapCounters(collector, file);
    }

    /// <summary>Min, max and last of the GC heap size (MB) the collector saw so far.</summary>
    public string Describe()
    {
        if (_collector is null)
            return "GC heap: not read (dotnet-counters is not installed)";
        var heap = ReadHeapMegabytes();
        return heap.Count == 0
            ? "GC heap: no reading yet"
            : $"GC heap MB min {heap.Min():0}, max {heap.Max():0}, last {heap[^1]:0} ({heap.Count} readings)";
    }

    // The System.Runtime meter (.NET 9 and later) reports the heap after the last collection per generation
    // (gen0, gen1, gen2, loh, poh), one line each: their sum at one time is the heap.
    private List<double> ReadHeapMegabytes()
    {
        if (!File.Exists(_file))
            return [];
        var heap = new SortedDictionary<string, double>(StringComparer.Ordinal);
        using var stream = new FileStream(
            _file,
            FileMode.Open,
            FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete
        );
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            if (
                fields.Length == 5
                && fields[2]
                    .StartsWith("dotnet.gc.last_collection.heap.size", StringComparison.Ordinal)
                && double.TryParse(fields[4], CultureInfo.InvariantCulture, out var bytes)
            )
                heap[fields[0]] = heap.GetValueOrDefault(fields[0]) + bytes / (1024 * 1024);
        }
        return [.. heap.Values];
    }

    public async ValueTask DisposeAsync()
    {
        if (_collector is null)
            return;
        if (!_collector.HasExited)
        {
            _collector.Kill();
            await _collector.WaitForExitAsync();
        }
        _collector.Dispose();
    }
}
