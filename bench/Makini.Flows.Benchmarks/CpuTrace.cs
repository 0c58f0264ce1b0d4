using System.Diagnostics;
using System.Globalization;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// A CPU-sampling trace of the server over one measurement, when <c>MAKINI_BENCH_TRACE</c> names a folder and the
/// global tool <c>dotnet-trace</c> is installed: <c>{folder}/{name}.nettrace</c> of the first <c>MAKINI_BENCH_TRACE_SECONDS</c> (10) seconds, to read with
/// <c>dotnet-trace report FILE topN</c> or in PerfView / speedscope.
/// </summary>
internal sealed class CpuTrace : IAsyncDisposable
{
    private readonly Process? _collector;

    private CpuTrace(Process? collector) => _collector = collector;

    public static CpuTrace Start(int pid, string name)
    {
        var tool = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".dotnet",
            "tools",
            "dotnet-trace"
        );
        if (
            Environment.GetEnvironmentVariable("MAKINI_BENCH_TRACE") is not { Length: > 0 } folder
            || !File.Exists(tool)
        )
            return new CpuTrace(null);
        Directory.CreateDirectory(folder);
        var output = Path.Combine(
            folder,
            string.Concat(name.Split(Path.GetInvalidFileNameChars())) + ".nettrace"
        );
        var collector = Process.Start(
            new ProcessStartInfo(
                tool,
                [
                    "collect",
                    "--process-id",
                    pid.ToString(CultureInfo.InvariantCulture),
                    "--duration",
                    "00:00:00:"
                        + (
                            Environment.GetEnvironmentVariable("MAKINI_BENCH_TRACE_SECONDS") ?? "10"
                        ),
                    "--output",
                    output,
                ]
            )
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }
        )!;
        collector.OutputDataReceived += (_, _) => { };
        collector.ErrorDataReceived += (_, _) => { };
        collector.BeginOutputReadLine();
        collector.BeginErrorReadLine();
        Thread.Sleep(1000); // the session starts before the sync is asked for
        return new CpuTrace(collector);
    }

    public async ValueTask DisposeAsync()
    {
        if (_collector is null)
            return;
        if (!_collector.WaitForExit(120_000))
            _collector.Kill();
        await Task.CompletedTask;
        _collector.Dispose();
    }
}
