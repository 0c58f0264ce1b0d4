using System.Diagnostics;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The server's resident memory (working set, <c>VmRSS</c>), read from <c>/proc</c> every interval while a
/// measurement runs.
/// </summary>
internal sealed class MemorySamples : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, long Megabytes)> _samples = [];

    public MemorySamples(int pid, TimeSpan interval)
    {
        _pid = pid;
        _sampling = SampleAsync(interval, _stop.Token);
    }

    public IReadOnlyList<(TimeSpan At, long Megabytes)> Samples
    {
        get
        {
            lock (_samples)
                return [.. _samples];
        }
    }

    private async Task SampleAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var resident = HostileMemory.Resident(_pid);
                lock (_samples)
                    _samples.Add((_clock.Elapsed, resident));
                await Task.Delay(interval, ct);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Min, max and the last sample, and up to <paramref name="points"/> samples spread over the run.</summary>
    public string Describe(int points)
    {
        var samples = Samples;
        if (samples.Count == 0)
            return "no memory samples";
        var step = Math.Max(1, samples.Count / points);
        var spread = string.Join(
            ", ",
            samples
                .Where((_, i) => i % step == 0 || i == samples.Count - 1)
                .Select(s => $"{s.At.TotalSeconds:0}s {s.Megabytes}")
        );
        return $"resident MB min {samples.Min(s => s.Megabytes)}, max {samples.Max(s => s.Megabytes)}, last {samples[^1].Megabytes} ({spread})";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
