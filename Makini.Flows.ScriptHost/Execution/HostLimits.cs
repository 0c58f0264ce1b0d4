using System.Globalization;

namespace Makini.Flows.ScriptHost.Execution;

/// <summary>
/// Limits every evaluation in this host checks from inside the script (the server enforces time and memory
/// from outside too, by killing the host). Passed on the command line by the server.
/// </summary>
internal sealed class HostLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public long MaxMemoryBytes { get; init; } = 256L * 1024 * 1024;

    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public int MaxCollectionLength { get; init; } = 10_000_000;

    public int MaxResultValues { get; init; } = 1_000_000;

    public int MaxResultBytes { get; init; } = 16 * 1024 * 1024;

    public static HostLimits Parse(string[] args)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
            values[args[i]] = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
        var defaults = new HostLimits();
        return new HostLimits
        {
            Timeout = Milliseconds(values, "--timeout-ms") ?? defaults.Timeout,
            MaxMemoryBytes = values.GetValueOrDefault("--memory-bytes", defaults.MaxMemoryBytes),
            RegexTimeout = Milliseconds(values, "--regex-timeout-ms") ?? defaults.RegexTimeout,
            MaxCollectionLength = (int)
                values.GetValueOrDefault("--max-collection", defaults.MaxCollectionLength),
            MaxResultValues = (int)
                values.GetValueOrDefault("--max-result-values", defaults.MaxResultValues),
            MaxResultBytes = (int)
                values.GetValueOrDefault("--max-result-bytes", defaults.MaxResultBytes),
        };
    }

    private static TimeSpan? Milliseconds(Dictionary<string, long> values, string name) =>
        values.TryGetValue(name, out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
}
