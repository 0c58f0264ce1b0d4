using System.Diagnostics;
using System.Globalization;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The load generator: <c>wrk</c> (Debian package <c>wrk</c>), one thread, POSTing one JSON body over
/// <c>concurrency</c> keep-alive connections, pinned to the given cores. A Lua <c>done</c> hook prints the
/// request count, the duration and the latency percentiles, which <see cref="RunAsync"/> reads.
/// </summary>
internal sealed class Wrk : IDisposable
{
    private const string ResultPrefix = "makini-result";
    private readonly string _script;

    public Wrk(string body)
    {
        if (body.Contains("]==]", StringComparison.Ordinal))
            throw new ArgumentException("the body cannot hold ]==]", nameof(body));
        _script = Path.Combine(Path.GetTempPath(), $"makini-wrk-{Guid.NewGuid():N}.lua");
        File.WriteAllText(
            _script,
            $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = [==[{{body}}]==]
            done = function(summary, latency, requests)
              local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
              io.write(string.format("{{ResultPrefix}} %.0f %.0f %.0f %.0f %.0f %.0f\n", summary.requests,
                summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status, failed))
            end
            """
        );
    }

    public sealed record Result(long Requests, TimeSpan Duration, double P50Ms, double P99Ms)
    {
        public double PerSecond => Requests / Duration.TotalSeconds;
    }

    public async Task<Result> RunAsync(
        string url,
        int concurrency,
        TimeSpan duration,
        string? cores
    )
    {
        var arguments = new List<string>();
        var program = "wrk";
        if (cores is not null)
        {
            program = "taskset";
            arguments.AddRange(["-c", cores, "wrk"]);
        }
        arguments.AddRange([
            "-t1",
            $"-c{concurrency}",
            $"-d{(int)duration.TotalSeconds}s",
            "--timeout",
            "10s",
            "-s",
            _script,
            url,
        ]);
        using var wrk = Process.Start(
            new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }
        )!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var line =
            output
                .Split('\n')
                .FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk gave no result: {output}{errors}");
        var fields = line[(ResultPrefix.Length + 1)..]
            .Split(' ')
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture))
            .ToArray();
        if (fields[4] > 0 || fields[5] > 0)
            throw new InvalidOperationException(
                $"{url}: {fields[4]} answers were not 2xx and {fields[5]} requests failed"
            );
        return new Result(
            (long)fields[0],
            TimeSpan.FromMicroseconds(fields[1]),
            fields[2] / 1000,
            fields[3] / 1000
        );
    }

    public void Dispose() => File.Delete(_script);
}
