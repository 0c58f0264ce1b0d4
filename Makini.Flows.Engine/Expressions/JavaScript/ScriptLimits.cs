namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>Limits on every single script evaluation. The defaults keep a hostile script harmless.</summary>
public sealed class ScriptLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxStatements { get; init; } = 10_000_000;

    public long MaxMemoryBytes { get; init; } = 64L * 1024 * 1024;

    public int MaxRecursionDepth { get; init; } = 256;

    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest string or array a script may build with one built-in call.</summary>
    public int MaxCollectionLength { get; init; } = 10_000_000;
}
