namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>Limits on every single script evaluation. The defaults keep a hostile script harmless.</summary>
public sealed class ScriptLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxStatements { get; init; } = 10_000_000;

    /// <summary>Bytes one evaluation may allocate (counted as allocated, not as live).</summary>
    public long MaxMemoryBytes { get; init; } = 64L * 1024 * 1024;

    public int MaxRecursionDepth { get; init; } = 256;

    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest array a script may create. Jint compares it with the array's capacity, which doubles as it grows,
    /// so it should be a power of two.
    /// </summary>
    public uint MaxArrayLength { get; init; } = 1u << 20;

    /// <summary>Longest string one built-in call (repeat, padStart, concat, replace, join...) may produce.</summary>
    public int MaxStringLength { get; init; } = 1 << 22;

    /// <summary>Most JSON values a script's result may expand to (shared references count every time).</summary>
    public int MaxResultNodes { get; init; } = 1_000_000;
}
