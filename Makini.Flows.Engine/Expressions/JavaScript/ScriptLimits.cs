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

    /// <summary>A single regular-expression step never gets more time than the whole script.</summary>
    internal TimeSpan EffectiveRegexTimeout => RegexTimeout < Timeout ? RegexTimeout : Timeout;

    /// <summary>
    /// Longest array a script may create. Jint compares it with the array's capacity, which doubles as it grows,
    /// so it should be a power of two.
    /// </summary>
    public uint MaxArrayLength { get; init; } = 1u << 20;

    /// <summary>Longest string one built-in call (repeat, padStart, concat, replace, join...) may produce.</summary>
    public int MaxStringLength { get; init; } = 1 << 22;

    /// <summary>
    /// Longest string a regular expression may search. Each search step is bounded by <see cref="RegexTimeout"/>;
    /// this keeps a step over a long string (and the matches it returns) small.
    /// </summary>
    public int MaxRegexInputLength { get; init; } = 1 << 20;

    /// <summary>Runs a pooled engine serves before it is replaced by a fresh one (its heap and caches with it).</summary>
    public int MaxRunsPerEngine { get; init; } = 256;

    /// <summary>Longest JavaScript source, in characters, that is compiled.</summary>
    public int MaxScriptLength { get; init; } = 64 * 1024;

    /// <summary>
    /// Deepest nesting of brackets in a JavaScript source, and longest run of operators between them; deeper
    /// scripts are refused before they are parsed, as the parser and the interpreter recurse over them.
    /// </summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>Most characters of JavaScript source whose compiled form is kept in the compiled-script cache.</summary>
    public long MaxCachedScriptCharacters { get; init; } = 16L * 1024 * 1024;

    /// <summary>Most JSON values a script's result may expand to (shared references count every time).</summary>
    public int MaxResultNodes { get; init; } = 1_000_000;
}
