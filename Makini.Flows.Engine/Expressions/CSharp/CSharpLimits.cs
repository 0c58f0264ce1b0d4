namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// Limits on C# scripts. Scripts compile and run in script-host processes: the limits are checked inside the
/// script, and the server kills a host that overruns them anyway.
/// </summary>
public sealed class CSharpLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes one evaluation may allocate (counted as allocated on its thread, not as live).</summary>
    public long MaxMemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Longest match time any regular expression may be given.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest array length, capacity or repeat count a script may ask for.</summary>
    public int MaxCollectionLength { get; init; } = 10_000_000;

    /// <summary>
    /// Most JSON values a script's result may hold (as for JavaScript): the server parses every result, so one
    /// array of ten million numbers would cost it gigabytes.
    /// </summary>
    public int MaxResultValues { get; init; } = 1_000_000;

    /// <summary>Most bytes of JSON a script's result may take (long strings count here, not as values).</summary>
    public int MaxResultBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Longest a script may take to compile and check before its host is killed.</summary>
    public TimeSpan CompileTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest script text accepted, in characters.</summary>
    public int MaxScriptLength { get; init; } = 64 * 1024;

    /// <summary>How many script hosts run scripts at once; more callers wait for one.</summary>
    public int Hosts { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Resident memory a host may reach (its runtime, the compiler and the script's data) before it is killed.
    /// Its managed heap is capped below this by the runtime itself.
    /// </summary>
    public long HostMemoryBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Whether hosts start without network and, when the server runs as root, as user nobody (Linux
    /// <c>unshare</c> and <c>setpriv</c>); hosts start plainly when the machine does not allow it.
    /// </summary>
    public bool IsolateHosts { get; init; } = true;

    internal string Key =>
        string.Join(
            '|',
            Timeout.Ticks,
            MaxMemoryBytes,
            RegexTimeout.Ticks,
            MaxCollectionLength,
            MaxResultValues,
            MaxResultBytes,
            CompileTimeout.Ticks,
            Hosts,
            HostMemoryBytes,
            IsolateHosts
        );
}
